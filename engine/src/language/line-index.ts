import type { Position } from "./ast";

/**
 * Maps offsets of a document to LSP positions (0-based line, UTF-16
 * character). Line breaks are `\n`, `\r\n` and `\r`, as in LSP and in the
 * lexer's line counting.
 */
export class LineIndex {
  /** Offset of the first character of each line. */
  private readonly lineStarts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === 10) {
        this.lineStarts.push(i + 1);
      } else if (code === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.lineStarts.push(i + 1);
      }
    }
  }

  /** Number of lines (a document ending with a line break has an empty last line). */
  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** The position of `offset`, clamped to the document. */
  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.lineStarts[middle]! <= clamped) low = middle;
      else high = middle - 1;
    }
    return { line: low, character: clamped - this.lineStarts[low]! };
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
