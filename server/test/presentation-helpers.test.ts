import assert from "node:assert/strict";
import { minimalTextEdit } from "../src/formatting/formatting";
import { describeDuration, describeSize, groupDigits } from "@momoflow/units";
import { encodeSemanticTokens } from "../src/semantic-tokens/semantic-tokens";
import { splitByLines } from "../src/semantic-tokens/token-classifier";

describe("language server presentation helpers", () => {
  it("writes durations and sizes in words and plain units", () => {
    assert.equal(groupDigits(10_485_760), "10,485,760");
    assert.equal(groupDigits(999), "999");
    assert.equal(groupDigits(1234.5), "1,234.5");
    assert.equal(describeDuration("5m"), "5 minutes = 300,000 ms");
    assert.equal(describeDuration("1s"), "1 second = 1,000 ms");
    assert.equal(describeDuration("1.5s"), "1.5 seconds = 1,500 ms");
    assert.equal(describeDuration("2h"), "2 hours = 7,200,000 ms");
    assert.equal(describeDuration("250ms"), "250 milliseconds");
    assert.equal(describeDuration("5min"), undefined);
    assert.equal(describeSize("10MB"), "10 megabytes = 10,485,760 bytes");
    assert.equal(describeSize("1KB"), "1 kilobyte = 1,024 bytes");
    assert.equal(describeSize("512B"), "512 bytes");
    assert.equal(describeSize("1.5GB"), "1.5 gigabytes = 1,610,612,736 bytes");
  });

  it("makes one minimal edit, never splitting a CRLF or a surrogate pair", () => {
    assert.equal(minimalTextEdit("same", "same"), undefined);
    assert.deepEqual(minimalTextEdit("a  b\n", "a b\n"), {
      range: { start: { line: 0, character: 2 }, end: { line: 0, character: 3 } },
      newText: "",
    });
    // `\r\n` → `\n`: the cut starts before the `\r`, not between it and its `\n`.
    assert.deepEqual(minimalTextEdit("a\r\nb", "a\nb"), {
      range: { start: { line: 0, character: 1 }, end: { line: 1, character: 0 } },
      newText: "\n",
    });
    assert.deepEqual(minimalTextEdit("x\u{1F600}", "x\u{1F601}"), {
      range: { start: { line: 0, character: 1 }, end: { line: 0, character: 3 } },
      newText: "\u{1F601}",
    });
  });

  it("splits multi-line tokens per line and encodes relative positions", () => {
    assert.deepEqual(splitByLines('"""\r\n  a\n"""', 0, 12), [
      { offset: 0, length: 3 },
      { offset: 5, length: 3 },
      { offset: 9, length: 3 },
    ]);
    assert.deepEqual(
      encodeSemanticTokens([
        { line: 2, character: 4, length: 3, type: "method", modifiers: ["declaration"] },
        { line: 0, character: 0, length: 8, type: "keyword", modifiers: [] },
        { line: 2, character: 6, length: 4, type: "string", modifiers: [] }, // overlaps: cut
        { line: 2, character: 12, length: 0, type: "string", modifiers: [] }, // empty: dropped
      ]),
      [0, 0, 8, 0, 0, 2, 4, 3, 3, 1, 0, 3, 3, 8, 0],
    );
  });
});
