import assert from "node:assert/strict";
import fc from "fast-check";
import { cutToRecord } from "../../src/record/recorded-error";

function jsonBytes(text: string): number {
  return Buffer.byteLength(JSON.stringify(text)) - 2;
}

describe("cutToRecord: an error cut to the room its journal line has", () => {
  it("keeps a message that fits as it is", () => {
    assert.equal(cutToRecord("exit code 3", 4096), "exit code 3");
  });

  it("cuts a message of escaped characters to the byte limit, saying how much it left out", () => {
    const message = `cannot undo: ${"\u0001".repeat(100_000)}`;
    const cut = cutToRecord(message, 4096);
    assert.ok(jsonBytes(cut) <= 4096, `${jsonBytes(cut)} bytes`);
    assert.ok(cut.startsWith("cannot undo: \u0001"));
    const left = Number(/… \((\d+) more characters not recorded\)$/.exec(cut)?.[1]);
    assert.equal(
      cut.length - `… (${left} more characters not recorded)`.length + left,
      message.length,
    );
  });

  it("for any text and limit: within the limit, a prefix of the message, no half surrogate pair", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: "binary", maxLength: 3000 }),
          // Pairs everywhere: a cut lands inside one unless it is guarded.
          fc
            .array(fc.constantFrom("😀", "\u0001", "a"), { minLength: 500, maxLength: 3000 })
            .map((a) => a.join("")),
        ),
        fc.integer({ min: 64, max: 2000 }),
        (message, max) => {
          const cut = cutToRecord(message, max);
          assert.ok(jsonBytes(cut) <= max, `${jsonBytes(cut)} > ${max}`);
          if (cut === message) return;
          const kept = cut.slice(0, cut.lastIndexOf("… ("));
          assert.ok(message.startsWith(kept));
          const last = kept.charCodeAt(kept.length - 1);
          const next = message.charCodeAt(kept.length);
          const split = last >= 0xd800 && last <= 0xdbff && next >= 0xdc00 && next <= 0xdfff;
          assert.ok(!split, "a surrogate pair was split");
        },
      ),
    );
  });
});
