import { performance } from "node:perf_hooks";
import { getHeapStatistics } from "node:v8";
import type { StepMemory } from "./step-memory";
import { plainObjectMaker } from "./plain-object-maker";
import { inProcessMetrics } from "./in-process-metrics";
import { sharedDuration, sharedTime, spanFiguresOf } from "./shared-figures";

export type { StepMemory, StepMemoryKind } from "./step-memory";
export { stepMemoryOf } from "./step-memory";

/** Resource figures of a child process (a shell action), where the OS reports them. */
export interface ChildMetrics {
  cpuUserMs?: number;
  cpuSystemMs?: number;
  peakMemoryBytes?: number;
}

/** The fields every step's metrics hold, in the order the engine makes them (and a journal line writes them). */
export const REQUIRED_METRIC_FIELDS = [
  "startTime",
  "endTime",
  "durationMs",
  "cpuUserMs",
  "cpuSystemMs",
  "peakMemoryBytes",
] as const satisfies readonly (keyof ExecutionMetrics)[];

/**
 * What one step (or a whole run) cost. Wall times are epoch milliseconds; the
 * duration comes from the monotonic clock so it never goes backwards.
 * In-process figures are the engine process's own (CPU used during the step,
 * peak resident memory so far); `child` holds a shell action's own figures.
 * `memory` is the step's own memory figure (see {@link StepMemoryKind}); use
 * {@link stepMemoryOf} to read it, which also reads records written before it.
 */
export interface ExecutionMetrics {
  startTime: number;
  endTime: number;
  durationMs: number;
  cpuUserMs: number;
  cpuSystemMs: number;
  /** The engine process's peak resident memory so far: the run's figure, not a step's. */
  peakMemoryBytes: number;
  child?: ChildMetrics;
  memory?: StepMemory;
}

/** A started measurement; call {@link finishMeasurement} to turn it into metrics. */
export interface Measurement {
  readonly startTime: number;
  readonly startMono: number;
  /** The usage reading at the start: shared with the steps around it, not copied (no boxed numbers per step). */
  readonly startUsage: UsageReading;
}

/**
 * A step's end reads the usage afresh unless a reading is younger than this:
 * steps shorter than it share readings, so a chain of fast steps pays one
 * `getrusage` per quarter millisecond, not one per step.
 */
const USAGE_REUSE_MS = 0.25;
/**
 * A start may use a reading up to this old: in a chain of steps the start of
 * one is a few microseconds after the end of the one before, so each step
 * costs one `getrusage` instead of two. What ran between that reading and the
 * start (the engine's own bookkeeping) counts to the step.
 */
const START_REUSE_MS = 1;
/** One reading of the process's resource usage and heap. */
export interface UsageReading {
  readonly resources: NodeJS.ResourceUsage;
  /**
   * V8's used heap, for in-process steps' heap growth. Read with every
   * refresh: ~1 µs, against ~25 µs for `process.memoryUsage()` (which reads
   * RSS); shared like the rest, a no-op step pays a fraction of it.
   */
  readonly heapBytes: number;
}
let lastUsage: UsageReading | undefined;
let lastUsageAt = -Infinity;

/**
 * The process's resource usage and heap, read afresh when the last reading is
 * older than `maxAgeMs` at `now` (the caller's monotonic reading: one clock
 * read per boundary). CPU and heap figures are therefore exact to about a
 * quarter millisecond at a step's end, and a step's start may be up to 1 ms
 * early: a step shorter than that shows the CPU of the readings it shares.
 */
function readUsage(maxAgeMs: number, now: number): UsageReading {
  if (lastUsage === undefined || now - lastUsageAt > maxAgeMs) {
    lastUsage = {
      resources: process.resourceUsage(),
      heapBytes: getHeapStatistics().used_heap_size,
    };
    lastUsageAt = now;
  }
  return lastUsage;
}

/** How long the wall clock is read from the monotonic one before it is read again. */
const WALL_ANCHOR_MS = 1000;
let anchorWall = 0;
let anchorMono = -Infinity;

/**
 * The wall time (epoch ms) at the monotonic reading `mono`: from a reading of
 * both clocks at most a second old, so a chain of fast steps reads the wall
 * clock once a second, not twice per step. Within a second the two clocks
 * agree to well under a millisecond; a step's end is its start plus its
 * monotonic duration, so it never comes before its start.
 */
export function wallTimeAt(mono: number): number {
  if (mono - anchorMono > WALL_ANCHOR_MS || mono < anchorMono) {
    anchorMono = performance.now();
    anchorWall = Date.now();
  }
  return Math.round(anchorWall + (mono - anchorMono));
}

/** The memory figure of a step whose heap did not grow: one object for them all. */
const NO_HEAP_GROWTH: StepMemory = Object.freeze({ kind: "heap_growth", bytes: 0 });

/** A step's heap growth, as a plain object (kept with its metrics: see plainObjectMaker). */
const HeapGrowth = plainObjectMaker(function (this: StepMemory, bytes: number) {
  this.kind = "heap_growth";
  this.bytes = bytes;
});

/** Starts measuring. */
export function startMeasurement(): Measurement {
  const startMono = performance.now();
  return { startTime: wallTimeAt(startMono), startMono, startUsage: usageAtStart(startMono) };
}

/** The usage reading a measurement starting at `startMono` (monotonic) starts from. */
export function usageAtStart(startMono: number): UsageReading {
  return readUsage(START_REUSE_MS, startMono);
}

/**
 * Ends a measurement started by {@link startMeasurement}. With `child` (a
 * shell action's figures) the memory figure is the child's peak, or none when
 * its processes lived too briefly to be measured; without, the heap growth.
 * `endMono`: the monotonic reading it ends at, when the caller has just read
 * the clock (it hands the reading on).
 */
export function finishMeasurement(
  m: Measurement,
  child?: ChildMetrics,
  endMono: number = performance.now(),
): ExecutionMetrics {
  const end = readUsage(USAGE_REUSE_MS, endMono);
  const start = m.startUsage;
  const durationMs = sharedDuration(endMono - m.startMono);
  const endTime = m.startTime + Math.round(durationMs);
  // Shared numbers: a run keeps every step's metrics (see shared-figures.ts).
  const figures = spanFiguresOf(start, end);
  if (!child) {
    const grown = end.heapBytes - start.heapBytes;
    return inProcessMetrics(
      sharedTime(m.startTime),
      sharedTime(endTime),
      durationMs,
      figures,
      // Most fast steps grow nothing between shared readings: they share one frozen figure.
      grown > 0 ? new HeapGrowth(grown) : NO_HEAP_GROWTH,
    );
  }
  const { cpuUserMs, cpuSystemMs, peakMemoryBytes } = figures;
  const metrics: ExecutionMetrics = {
    startTime: m.startTime,
    endTime,
    durationMs,
    cpuUserMs,
    cpuSystemMs,
    peakMemoryBytes,
    child,
  };
  if (child.peakMemoryBytes !== undefined)
    metrics.memory = { kind: "child_peak", bytes: child.peakMemoryBytes };
  return metrics;
}

/**
 * Whether a step's figures were measured: a step the run gave up (a second
 * Ctrl+C) ends with 0 times (`emptyMetrics(0)`), and its 0 ms and 0 bytes
 * would be figures it never had.
 */
export function isMeasured(metrics: ExecutionMetrics): boolean {
  return metrics.startTime !== 0 || metrics.endTime !== 0;
}

/** Metrics of something that did not run (a skipped or not-run step). */
export function emptyMetrics(at: number = Date.now()): ExecutionMetrics {
  return {
    startTime: at,
    endTime: at,
    durationMs: 0,
    cpuUserMs: 0,
    cpuSystemMs: 0,
    peakMemoryBytes: 0,
  };
}
