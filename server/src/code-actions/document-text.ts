import type { TextDocument } from "vscode-languageserver-textdocument";
import type { Position, Range, ValueType } from "@momoflow/language";

/**
 * Small helpers to read the text around a node, so that quick fixes insert
 * and delete whole lines, commas and indentation the way a person would.
 */

/** The document's line break: `\r\n` when the file uses it, else `\n`. */
export function lineBreakOf(document: TextDocument): string {
  return document.getText().includes("\r\n") ? "\r\n" : "\n";
}

/** The text of a line, without its line break. */
export function lineText(document: TextDocument, line: number): string {
  if (line < 0 || line >= document.lineCount) return "";
  const text = document.getText({
    start: { line, character: 0 },
    end: { line: line + 1, character: 0 },
  });
  return text.replace(/\r?\n$|\r$/, "");
}

/** The whitespace a line starts with. */
export function indentationOf(document: TextDocument, line: number): string {
  return /^[ \t]*/.exec(lineText(document, line))?.[0] ?? "";
}

/** True when only whitespace precedes `position` on its line. */
export function startsLine(document: TextDocument, position: Position): boolean {
  return lineText(document, position.line).slice(0, position.character).trim() === "";
}

/** True when only whitespace (and a `//` comment) follows `position` on its line. */
export function endsLine(document: TextDocument, position: Position): boolean {
  const rest = lineText(document, position.line).slice(position.character).trim();
  return rest === "" || (rest.startsWith("//") && !rest.startsWith("///"));
}

/** True when the line holds only whitespace (or does not exist). */
export function isBlankLine(document: TextDocument, line: number): boolean {
  return lineText(document, line).trim() === "";
}

/** The start of the line after `line` (the end of the document on the last line). */
export function startOfNextLine(document: TextDocument, line: number): Position {
  if (line + 1 < document.lineCount) return { line: line + 1, character: 0 };
  return document.positionAt(document.getText().length);
}

/**
 * The first line of the `///` doc comment directly above `line`, or `line`
 * itself when there is none: a declaration moves and goes with its doc.
 */
export function firstLineWithDoc(document: TextDocument, line: number): number {
  let first = line;
  while (
    first > 0 &&
    lineText(document, first - 1)
      .trim()
      .startsWith("///")
  )
    first--;
  return first;
}

/**
 * The first character after `offset` that is not whitespace, with its
 * offset; undefined at the end of the document.
 */
export function nextNonSpace(
  document: TextDocument,
  offset: number,
): { char: string; offset: number } | undefined {
  const text = document.getText();
  for (let i = offset; i < text.length; i++) {
    const char = text[i]!;
    if (!/\s/.test(char)) return { char, offset: i };
  }
  return undefined;
}

export function samePosition(a: Position, b: Position): boolean {
  return a.line === b.line && a.character === b.character;
}

export function sameRange(a: Range, b: Range): boolean {
  return samePosition(a.start, b.start) && samePosition(a.end, b.end);
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** True when the ranges overlap or touch (a cursor at the end of a name is on it). */
export function rangesTouch(a: Range, b: Range): boolean {
  return !before(a.end, b.start) && !before(b.end, a.start);
}

/** True when `position` is within `range` (ends included). */
export function contains(range: Range, position: Position): boolean {
  return !before(position, range.start) && !before(range.end, position);
}

/** What a quick fix writes for a value still to be filled in, by the parameter's type. */
export function placeholderFor(type: ValueType): string {
  switch (type) {
    case "int":
    case "number":
      return "0";
    case "bool":
      return "false";
    case "duration":
      return "1s";
    case "size":
      return "1MB";
    case "list":
      return "[]";
    case "map":
      return "{}";
    default:
      return '""';
  }
}
