import type { ExecutionMetrics } from "../runtime/metrics";
import type { JsonBytes } from "./json-bytes";

/** About what one step's figures take: room made once for a run's steps, grown if it runs more (instances). */
const BYTES_PER_STEP = 192;

/**
 * The bytes of each step's metrics as its journal line wrote them (after
 * `{"startTime":`), kept for the run's `result.json`, which writes the same
 * metrics object again: copying its bytes costs a large run a fraction of
 * encoding its six numbers a second time.
 *
 * A step's bytes are only used for the very object they were made from
 * (identity, not equality): a masked or rebuilt copy is encoded again. The
 * engine never changes a step's metrics once its outcome is recorded. Kept
 * until `result.json` is written, then dropped with the run's journal writer
 * (see {@link JournalBuffer.keepMetrics}).
 */
export class KeptMetricsBytes {
  private bytes: Buffer;
  private length = 0;
  /** The metrics objects, in the order their lines were written. */
  private readonly objects: ExecutionMetrics[] = [];
  /** Where each one's bytes end (its start is the end before it). */
  private readonly ends: number[] = [];
  /** The entry asked for next when steps are asked for in the order they finished (a chain). */
  private next = 0;
  /** Each object's entry, made at the first request out of order (steps run side by side). */
  private index: Map<ExecutionMetrics, number> | undefined;

  /** @param steps how many steps the run has: room is made for them at once. */
  constructor(steps: number) {
    this.bytes = Buffer.allocUnsafe(Math.max(1, steps) * BYTES_PER_STEP);
  }

  /** Keeps `source[start, end)`, the bytes just written for `metrics`. */
  keep(metrics: ExecutionMetrics, source: Buffer, start: number, end: number): void {
    const needed = this.length + (end - start);
    if (needed > this.bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(needed, this.bytes.length * 2));
      this.bytes.copy(grown, 0, 0, this.length);
      this.bytes = grown;
    }
    // A view and TypedArray#set: Buffer#copy does the same after checking its arguments in JS.
    this.bytes.set(
      new Uint8Array(source.buffer, source.byteOffset + start, end - start),
      this.length,
    );
    this.length = needed;
    this.objects.push(metrics);
    this.ends.push(needed);
  }

  /**
   * Writes the kept bytes of `metrics` (after `{"startTime":`) to `out`;
   * false, writing nothing, when none were kept for this object.
   */
  copyTo(out: JsonBytes, metrics: ExecutionMetrics): boolean {
    let k = this.next;
    if (this.objects[k] === metrics) this.next = k + 1;
    else {
      const found = this.find(metrics);
      if (found === undefined) return false;
      k = found;
    }
    out.copy(this.bytes, k === 0 ? 0 : this.ends[k - 1]!, this.ends[k]!);
    return true;
  }

  private find(metrics: ExecutionMetrics): number | undefined {
    if (this.objects.length === 0) return undefined;
    if (this.index === undefined) {
      this.index = new Map();
      // The last entry of an object kept twice (a line written again) is as good as its first.
      for (let k = 0; k < this.objects.length; k++) this.index.set(this.objects[k]!, k);
    }
    return this.index.get(metrics);
  }
}
