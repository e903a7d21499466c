import assert from "node:assert/strict";
import type { Position } from "vscode-languageserver/node";

/** Line and character of the `nth` occurrence of `needle` in `text`, `shift` characters into it. */
export function at(text: string, needle: string, shift = 0, nth = 0): Position {
  let index = -1;
  for (let i = 0; i <= nth; i++) index = text.indexOf(needle, index + 1);
  assert.ok(index >= 0, `"${needle}" (occurrence ${nth}) is in the text`);
  const before = text.slice(0, index + shift).split("\n");
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

/** A text with one `|` marking the cursor: the text without it, and where it was. */
export function marked(text: string): { text: string; position: Position } {
  const offset = text.indexOf("|");
  assert.ok(offset >= 0, "the text marks the cursor with |");
  const without = text.slice(0, offset) + text.slice(offset + 1);
  const before = without.slice(0, offset).split("\n");
  return {
    text: without,
    position: { line: before.length - 1, character: before[before.length - 1]!.length },
  };
}
