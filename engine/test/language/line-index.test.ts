import assert from "node:assert/strict";
import fc from "fast-check";
import { LineIndex } from "../../src/language/line-index";

/** Text rich in every kind of line break, so that edits split and join `\r\n` pairs. */
const text = fc.string({ unit: fc.constantFrom("a", " ", "\n", "\r", "\r\n"), maxLength: 40 });

/** Every line's start, through the public API. */
function lineStarts(lines: LineIndex): number[] {
  return Array.from({ length: lines.lineCount }, (_, line) =>
    lines.offsetAt({ line, character: 0 }),
  );
}

describe("LineIndex", () => {
  it("after an edit, equals the index of the new text made from scratch", () => {
    fc.assert(
      fc.property(text, fc.nat(), fc.nat(), text, (old, a, b, insert) => {
        const start = a % (old.length + 1);
        const end = start + (b % (old.length - start + 1));
        const edited = old.slice(0, start) + insert + old.slice(end);
        const expected = new LineIndex(edited);
        const actual = new LineIndex(old).afterEdit(edited, start, end);
        assert.deepEqual(
          lineStarts(actual),
          lineStarts(expected),
          JSON.stringify({ old, start, end, insert }),
        );
        assert.equal(actual.lineCount, expected.lineCount);
        for (let offset = 0; offset <= edited.length; offset++)
          assert.deepEqual(actual.positionAt(offset), expected.positionAt(offset));
      }),
      { numRuns: 2_000 },
    );
  });

  it("gives the same position for an offset whatever was asked before it", () => {
    // Positions asked in document order take a shortcut from the last line found.
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { maxLength: 30 }), (document, asked) => {
        const lines = new LineIndex(document);
        for (const a of asked) {
          const offset = a % (document.length + 1);
          assert.deepEqual(
            lines.positionAt(offset),
            new LineIndex(document).positionAt(offset),
            JSON.stringify({ document, asked, offset }),
          );
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it("counts \\r\\n as one line break and \\r alone as one", () => {
    const lines = new LineIndex("a\r\nb\rc\nd");
    assert.deepEqual(lineStarts(lines), [0, 3, 5, 7]);
    assert.deepEqual(lines.positionAt(4), { line: 1, character: 1 });
  });

  it("finds the same lines in long documents, with and without \\r, as a walk over each character", () => {
    // Long enough for the search for line breaks; a \r anywhere takes the walk.
    const long = fc.string({
      unit: fc.constantFrom("a", "a", "a", "a", "\n", "\r", "\r\n"),
      minLength: 5_000,
      maxLength: 9_000,
    });
    const walk = (text: string): number[] => {
      const starts = [0];
      for (let i = 0; i < text.length; i++) {
        if (text[i] === "\r" && text[i + 1] === "\n") i++;
        if (text[i] === "\n" || text[i] === "\r") starts.push(i + 1);
      }
      return starts;
    };
    fc.assert(
      fc.property(long, fc.boolean(), (text, withoutCr) => {
        const document = withoutCr ? text.replaceAll("\r", "") : text;
        assert.deepEqual(lineStarts(new LineIndex(document)), walk(document));
      }),
      { numRuns: 100 },
    );
  });
});
