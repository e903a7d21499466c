/**
 * A {@link Range} kept as two offsets of its document, its positions worked
 * out from the document's line index each time they are read.
 *
 * For a check whose tree is read once (`momoflow check`): a file of 20,000
 * steps has some 280,000 ranges and 380,000 positions, over half of its
 * tree's objects, and such a check reads the ranges of its diagnostics only.
 * As offsets, one object per range and no position is made: the command
 * takes some 5% less time (no range at all would save 14%). An editor reads
 * ranges again and again and re-parses by shifting positions
 * (incremental-parse.ts): its trees keep plain ranges.
 *
 * Reads as a plain range does (`range.start.line`), and serializes as one
 * (`toJSON`): the same JSON, the same output. Each read of `start` or `end`
 * is a new position: compare positions by value, not by identity.
 */
import type { Position, Range } from "./ast";
import type { LineIndex } from "./line-index";

export class OffsetRange implements Range {
  constructor(
    /** The lines of the document. */
    readonly lines: LineIndex,
    /** Offset of the first character. */
    public startOffset: number,
    /** Offset just after the last character. */
    public endOffset: number,
  ) {}

  get start(): Position {
    return this.lines.positionAt(this.startOffset);
  }

  set start(position: Position) {
    this.startOffset = this.lines.offsetAt(position);
  }

  get end(): Position {
    return this.lines.positionAt(this.endOffset);
  }

  set end(position: Position) {
    this.endOffset = this.lines.offsetAt(position);
  }

  /** The plain range: what JSON.stringify writes. */
  toJSON(): unknown {
    return this.plain();
  }

  /** The plain range of these offsets. */
  plain(): Range {
    return { start: this.start, end: this.end };
  }
}

/**
 * A new {@link OffsetRange}: the way to make one. An object literal, not
 * `new`: V8 moves the objects of a literal to the old generation from the
 * start once it sees most of them survive (allocation-site pretenuring),
 * which it never does for `new`. A tree's hundreds of thousands of ranges
 * are then never copied by the young generation's collector; made with
 * `new`, each is copied about twice (twice the collector's work, measured).
 * (V8 does so only while the young generation is at its largest size: not
 * in `momoflow check`, which holds it smaller, see young-generation.ts.)
 */
export function offsetRange(lines: LineIndex, startOffset: number, endOffset: number): OffsetRange {
  return {
    __proto__: OffsetRange.prototype,
    lines,
    startOffset,
    endOffset,
  } as unknown as OffsetRange;
}

/** `range` as a plain range (for what is kept, sorted or compared many times: diagnostics). */
export function plainRange(range: Range): Range {
  return range instanceof OffsetRange ? range.plain() : range;
}

/** From the start of `first` to the end of `last`: as offsets when both are. */
export function spanOf(first: Range, last: Range): Range {
  if (first instanceof OffsetRange && last instanceof OffsetRange)
    return offsetRange(last.lines, first.startOffset, last.endOffset);
  return { start: first.start, end: last.end };
}
