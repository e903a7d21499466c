import assert from "node:assert/strict";
import { KEPT_OUTPUT_BYTES, KeptOutput } from "../../src/commands/kept-output";

describe("KeptOutput: what a shell action's stream keeps in memory", () => {
  it("keeps a stream under the limit whole, however it was cut into chunks", () => {
    const kept = new KeptOutput(10);
    for (const chunk of ["ab", "cdé", "f"]) kept.push(Buffer.from(chunk));
    assert.equal(kept.text(), "abcdéf");
  });

  it("past the limit keeps the start and the last 64 KB, saying how many bytes lie between", () => {
    const kept = new KeptOutput(KEPT_OUTPUT_BYTES);
    const line = Buffer.from(`${"x".repeat(1023)}\n`);
    const lines = KEPT_OUTPUT_BYTES / 1024 + 200; // 200 KB more than the limit
    for (let i = 0; i < lines; i++) kept.push(line);
    kept.push(Buffer.from("Error: the reason it failed\n"));
    const text = kept.text();
    assert.ok(text.startsWith("x".repeat(1023)));
    const note = /\n… \((\d+) bytes not kept in memory: the step's log has them all\)\n/.exec(text);
    assert.ok(note, "a line says what was left out");
    const tail = text.slice(note.index + note[0].length);
    assert.ok(tail.endsWith("Error: the reason it failed\n"), "the end is kept");
    assert.equal(
      KEPT_OUTPUT_BYTES + Number(note[1]) + Buffer.byteLength(tail),
      lines * 1024 + Buffer.byteLength("Error: the reason it failed\n"),
      "kept and left out add up to what came",
    );
  });
});
