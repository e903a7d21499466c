/**
 * A {@link Name} of a tree with offset ranges (offset-range.ts) that holds
 * its offsets itself: its `range` is made when read. A file of 20,000 steps
 * has some 130,000 names, each with a range object of its own otherwise:
 * half of the tree's ranges, all kept (and copied by the garbage collector)
 * while a check reads the ranges of the few names it reports.
 *
 * Reads and serializes as a plain name does (`{ text, range }`). Each read
 * of `range` is a new range: compare ranges by value, not by identity.
 */
import type { Name, Range } from "./ast";
import type { LineIndex } from "./line-index";
import { OffsetRange, offsetRange } from "./offset-range";

export class OffsetName extends OffsetRange implements Name {
  constructor(
    /** The name as written. */
    public text: string,
    lines: LineIndex,
    startOffset: number,
    endOffset: number,
  ) {
    super(lines, startOffset, endOffset);
  }

  /** The name's range, a new {@link OffsetRange} (another node may take it as its own). */
  get range(): Range {
    return offsetRange(this.lines, this.startOffset, this.endOffset);
  }

  /** The plain name: what JSON.stringify writes. */
  override toJSON(): Name {
    return { text: this.text, range: this.plain() };
  }
}

/** A new {@link OffsetName}: an object literal, as {@link offsetRange} explains. */
export function offsetName(
  text: string,
  lines: LineIndex,
  startOffset: number,
  endOffset: number,
): OffsetName {
  return {
    __proto__: OffsetName.prototype,
    lines,
    startOffset,
    endOffset,
    text,
  } as unknown as OffsetName;
}
