import type { ExecutionMetrics } from "./metrics";
import type { StepMemory } from "./step-memory";
import { plainObjectMaker } from "./plain-object-maker";
import type { SpanFigures } from "./shared-figures";

/**
 * An in-process step's metrics, a plain object with every field set at once
 * (a field added later would give each step's metrics a property array of
 * its own, kept as long as the result). Made by a constructor, not a
 * literal: every step's metrics are kept (see plainObjectMaker).
 */
const InProcessMetrics = plainObjectMaker(function (
  this: ExecutionMetrics,
  startTime: number,
  endTime: number,
  durationMs: number,
  cpuUserMs: number,
  cpuSystemMs: number,
  peakMemoryBytes: number,
  memory: StepMemory,
) {
  this.startTime = startTime;
  this.endTime = endTime;
  this.durationMs = durationMs;
  this.cpuUserMs = cpuUserMs;
  this.cpuSystemMs = cpuSystemMs;
  this.peakMemoryBytes = peakMemoryBytes;
  this.memory = memory;
});

/**
 * One throwaway metrics object whose fields hold no number, made before any
 * other: every metrics object shares its map, whose fields then hold any
 * value ("tagged") from the start. A field that has only ever held numbers
 * gets a representation of its own in V8, and each store into it boxes the
 * number in a heap number of its own — every figure of every step, the zeros
 * of most fast steps too — and each read that passes it on (the journal's
 * encoder) boxes it again. Tagged, a small integer is stored as it is and a
 * number read is passed on as it is (a recorded no-op step: 9.0 → 8.0 µs CPU,
 * interleaved medians of 7).
 */
const NOT_A_NUMBER = undefined as unknown as number;
new InProcessMetrics(
  NOT_A_NUMBER,
  NOT_A_NUMBER,
  NOT_A_NUMBER,
  NOT_A_NUMBER,
  NOT_A_NUMBER,
  NOT_A_NUMBER,
  undefined as unknown as StepMemory,
);

/**
 * Durations (in µs) below this share their metrics objects: the steps fast
 * enough for many to end within one millisecond on the same readings.
 */
const SHARED_BELOW_US = 64;

/** What the shared objects in {@link byDuration} were made for: the figures every one of them holds. */
let sharedStart = NaN;
let sharedEnd = NaN;
let sharedFigures: SpanFigures | undefined;
let sharedMemory: StepMemory | undefined;
/** `byDuration[us]`: the shared metrics of that duration, for the figures above. */
let byDuration: (ExecutionMetrics | undefined)[] = [];

/**
 * An in-process step's metrics, frozen: a step's figures are read, never
 * written. Steps whose figures are all the same — fast steps that start and
 * end within the same millisecond on the same usage readings, take as many
 * microseconds and grew the heap by the same `memory` object (most grow it
 * by nothing) — are given the same object. A run keeps every step's result,
 * and every object a step leaves behind is copied by each young collection
 * that finds it, then promoted: at 100,000 no-op steps without a record,
 * collection was about 0.8 µs of a step's 1.5, two thirds of it these
 * objects (80 of the 136 bytes each step kept; the result is the rest).
 */
export function inProcessMetrics(
  startTime: number,
  endTime: number,
  durationMs: number,
  figures: SpanFigures,
  memory: StepMemory,
): ExecutionMetrics {
  const us = durationMs * 1000;
  if (!(us >= 0 && us < SHARED_BELOW_US)) {
    return made(startTime, endTime, durationMs, figures, memory);
  }
  if (
    startTime !== sharedStart ||
    endTime !== sharedEnd ||
    figures !== sharedFigures ||
    memory !== sharedMemory
  ) {
    sharedStart = startTime;
    sharedEnd = endTime;
    sharedFigures = figures;
    sharedMemory = memory;
    byDuration = [];
  }
  // Durations are kept to the microsecond (sharedDuration): `us` is a whole number.
  return (byDuration[us] ??= made(startTime, endTime, durationMs, figures, memory));
}

function made(
  startTime: number,
  endTime: number,
  durationMs: number,
  figures: SpanFigures,
  memory: StepMemory,
): ExecutionMetrics {
  return Object.freeze(
    new InProcessMetrics(
      startTime,
      endTime,
      durationMs,
      figures.cpuUserMs,
      figures.cpuSystemMs,
      figures.peakMemoryBytes,
      memory,
    ),
  );
}
