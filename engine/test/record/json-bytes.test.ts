import assert from "node:assert/strict";
import fc from "fast-check";
import { JsonBytes } from "../../src/record/json-bytes";

/** Long numbers a run writes again and again (its times, its peak memory), and others between them. */
const repeatedNumber = fc.constantFrom(
  1_764_000_000_000,
  1_764_000_000_001,
  -1_764_000_000_000,
  123_456_789,
  70_909_952,
  100_000,
  99_999,
  -100_000,
  2 ** 53 - 1,
  0.012,
  1234.5,
  7,
  -0,
  Number.NaN,
  1e21,
);

/** Text of any kind: ASCII, non-ASCII, surrogate pairs and lone surrogates. */
const anyText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ maxLength: 40 }),
);

describe("JSON bytes: what JSON.stringify writes, piece by piece", () => {
  it("writes a long number it wrote before (a step's times) as it did the first time", () => {
    fc.assert(
      fc.property(fc.array(repeatedNumber, { maxLength: 40 }), (numbers) => {
        const out = new JsonBytes();
        for (const n of numbers) {
          out.number(n);
          out.byte(0x2c);
        }
        const expected = numbers.map((n) => JSON.stringify(n) + ",").join("");
        assert.equal(out.view().toString("utf8"), expected);
      }),
      { numRuns: 2000 },
    );
  });

  it("writes any text as UTF-8 wherever the buffer's room ends, also when a character does not fit", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 80 }),
        fc.array(anyText, { minLength: 1, maxLength: 6 }),
        (filler, texts) => {
          // A small buffer, filled near its end: each text lands across the room it has.
          const out = new JsonBytes(64);
          out.text("x".repeat(filler));
          for (const t of texts) out.text(t);
          assert.deepEqual(out.view(), Buffer.from("x".repeat(filler) + texts.join(""), "utf8"));
          assert.equal(out.length, out.view().length);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
