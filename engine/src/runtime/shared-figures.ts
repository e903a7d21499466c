import type { UsageReading } from "./metrics";

/*
 * A run keeps every step's metrics, and V8 keeps each fractional (or large)
 * number stored into an object in a heap number of its own: four per no-op
 * step, 64 of the 200 bytes each finished step kept. Every young collection
 * copies what was made since the one before and is kept, twice over (once
 * within the young generation, once into the old), so at 100,000 steps the
 * copying was over half of an unrecorded run. The figures here are handed
 * out as numbers made once and shared: steps that share readings (most fast
 * steps) share their figures' numbers too. A number is a value, so sharing
 * one is seen by nothing: each metrics object still has its own fields.
 */

let lastTime = NaN;
let lastTimeNumber = NaN;

/**
 * The wall time `ms`, as the number the last call returned when it was the
 * same: the steps that start and end within one millisecond (most fast
 * steps) share one heap number for their times instead of keeping two each.
 * (Recorded no-op step, 10,000 steps, interleaved medians of 7: 8.7 → 8.0
 * µs CPU; with writes stubbed out: 4.0 → 2.7.)
 */
export function sharedTime(ms: number): number {
  if (ms !== lastTime) {
    lastTime = ms;
    lastTimeNumber = ms;
  }
  return lastTimeNumber;
}

/**
 * Durations below this many microseconds (10 ms) come from {@link durations}:
 * the steps fast enough for their numbers to weigh (a slower step makes one
 * heap number in thousands of microseconds), for a table of 80 kB made at load.
 */
const SHARED_DURATIONS = 10_000;
/**
 * `durations[us]` is `us / 1000`, made on first use. Filled with `undefined`
 * so that its elements are tagged: an array that held only numbers would
 * keep them unboxed and box each one afresh as it is read.
 */
const durations: (number | undefined)[] = new Array<number | undefined>(SHARED_DURATIONS).fill(
  undefined,
);

/**
 * `ms` kept to the microsecond (finer digits are noise, and they bloat every
 * record): `Math.round(ms * 1000) / 1000`, as one number shared by every step
 * of that duration below 10 ms. 0 and -0 are not boxed and
 * are given as computed.
 */
export function sharedDuration(ms: number): number {
  const us = Math.round(ms * 1000);
  if (!(us > 0 && us < SHARED_DURATIONS)) return us / 1000;
  const known = durations[us];
  if (known !== undefined) return known;
  return (durations[us] = us / 1000);
}

/** A step's in-process figures that depend only on the usage readings it spans. */
export interface SpanFigures {
  readonly cpuUserMs: number;
  readonly cpuSystemMs: number;
  readonly peakMemoryBytes: number;
}

let spanFrom: UsageReading | undefined;
let spanTo: UsageReading | undefined;
let spanFigures: SpanFigures | undefined;

/**
 * The CPU and peak memory between readings `from` and `to`: the same object
 * for every step that spans the same two readings (readings are shared, see
 * `readUsage`), so its numbers are shared. Its fields hold any value (see
 * {@link Figures}): read, a number is handed on as it is.
 */
export function spanFiguresOf(from: UsageReading, to: UsageReading): SpanFigures {
  if (from !== spanFrom || to !== spanTo || spanFigures === undefined) {
    spanFrom = from;
    spanTo = to;
    spanFigures = new Figures(
      (to.resources.userCPUTime - from.resources.userCPUTime) / 1000,
      (to.resources.systemCPUTime - from.resources.systemCPUTime) / 1000,
      to.resources.maxRSS * 1024,
    );
  }
  return spanFigures;
}

/** The figures of one pair of readings (a class: fields of fixed shape, made once per pair). */
class Figures implements SpanFigures {
  constructor(
    readonly cpuUserMs: number,
    readonly cpuSystemMs: number,
    readonly peakMemoryBytes: number,
  ) {}
}

/*
 * One throwaway Figures whose fields hold no number, made before any other:
 * its fields are then tagged for every one (a field that only ever held
 * numbers would store them unboxed, and box each afresh on every read; see
 * metrics.ts's InProcessMetrics).
 */
const NOT_A_NUMBER = undefined as unknown as number;
new Figures(NOT_A_NUMBER, NOT_A_NUMBER, NOT_A_NUMBER);
