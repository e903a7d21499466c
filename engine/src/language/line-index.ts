import type { Position } from "./ast";

/**
 * Maps offsets of a document to LSP positions (0-based line, UTF-16
 * character). Line breaks are `\n`, `\r\n` and `\r`, as in LSP and in the
 * lexer's line counting.
 */
export class LineIndex {
  /** Offset of the first character of each line. */
  private readonly lineStarts: number[];
  /** The line of the last position asked for: the parser asks in document order. */
  private lastLine = 0;

  /** The lines of `text`; `lineStarts` when they are already known (see {@link afterEdit}). */
  constructor(
    private readonly text: string,
    lineStarts?: number[],
  ) {
    if (lineStarts) {
      this.lineStarts = lineStarts;
      return;
    }
    this.lineStarts = [0];
    addLineStarts(text, 0, text.length, this.lineStarts);
  }

  /**
   * The index of `newText`: this index's text with [start, oldEnd) replaced
   * (the rest is the same). Only the replaced span is read: the lines
   * before it are kept and those after it shifted, so an editor's keystroke
   * in a long file costs a copy of the line starts, not a read of the text.
   */
  afterEdit(newText: string, start: number, oldEnd: number): LineIndex {
    const delta = newText.length - this.text.length;
    const newEnd = oldEnd + delta;
    const starts: number[] = [];
    // Lines that start before the edit's first character (and its `\r`) are unchanged.
    const scanFrom = Math.max(0, start - 1);
    const old = this.lineStarts;
    let i = 0;
    while (i < old.length && old[i]! <= scanFrom) starts.push(old[i++]!);
    // Up to the first character after the span, whose `\r\n` may straddle it.
    addLineStarts(newText, scanFrom, Math.min(newText.length, newEnd + 1), starts);
    const last = starts[starts.length - 1]!;
    for (; i < old.length; i++) {
      const shifted = old[i]! + delta;
      if (old[i]! > oldEnd + 1 && shifted > last) starts.push(shifted);
    }
    return new LineIndex(newText, starts);
  }

  /** Number of lines (a document ending with a line break has an empty last line). */
  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** The position of `offset`, clamped to the document. */
  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineOf(clamped);
    return { line, character: clamped - this.lineStarts[line]! };
  }

  /**
   * The line of `offset`, clamped to the document: the line of
   * {@link positionAt}, without making a position (a caller asking for
   * every token's line would make garbage of them).
   */
  lineAt(offset: number): number {
    return this.lineOf(Math.max(0, Math.min(offset, this.text.length)));
  }

  /** The offset where `line` starts (a line of the document). */
  lineStart(line: number): number {
    return this.lineStarts[line] ?? this.text.length;
  }

  /**
   * The line of `offset` (within the document). The line asked for last, or
   * the one after it, is tried first: the parser asks for every token's
   * position in document order, and a search per token would cost more
   * than the lexer spends counting lines.
   */
  private lineOf(offset: number): number {
    const starts = this.lineStarts;
    const last = this.lastLine;
    if (starts[last]! <= offset) {
      const next = starts[last + 1];
      if (next === undefined || offset < next) return last;
      const afterNext = starts[last + 2];
      if (afterNext === undefined || offset < afterNext) return (this.lastLine = last + 1);
    }
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return (this.lastLine = low);
  }

  /** How many spaces and tabs start `line` (its indentation, in characters). */
  indentation(line: number): number {
    const start = this.lineStarts[line];
    if (start === undefined) return 0;
    let at = start;
    while (at < this.text.length) {
      const code = this.text.charCodeAt(at);
      if (code !== 32 && code !== 9) break;
      at++;
    }
    return at - start;
  }

  /** The offset of `position`, clamped to its line. */
  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[position.line]!;
    const next = this.lineStarts[position.line + 1] ?? this.text.length;
    return Math.max(start, Math.min(start + position.character, next));
  }
}

/** Pushes to `into` the start of each line that a line break in text[from, to) begins. */
function addLineStarts(text: string, from: number, to: number, into: number[]): void {
  // A whole document without `\r`: the engine's search for `\n` is several
  // times faster than a loop over its characters.
  const carriageReturn = to - from > 4096 ? text.indexOf("\r", from) : from;
  if (carriageReturn === -1 || carriageReturn >= to) {
    for (let i = text.indexOf("\n", from); i !== -1 && i < to; i = text.indexOf("\n", i + 1))
      into.push(i + 1);
    return;
  }
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code === 10) {
      into.push(i + 1);
    } else if (code === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      into.push(i + 1);
    }
  }
}
