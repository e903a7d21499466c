import { performance } from "node:perf_hooks";

/** Resource figures of a child process (a shell action), where the OS reports them. */
export interface ChildMetrics {
  cpuUserMs?: number;
  cpuSystemMs?: number;
  peakMemoryBytes?: number;
}

/**
 * What one step (or a whole run) cost. Wall times are epoch milliseconds; the
 * duration comes from the monotonic clock so it never goes backwards.
 * In-process figures are the engine process's own (CPU used during the step,
 * peak resident memory so far); `child` holds a shell action's own figures.
 */
export interface ExecutionMetrics {
  startTime: number;
  endTime: number;
  durationMs: number;
  cpuUserMs: number;
  cpuSystemMs: number;
  peakMemoryBytes: number;
  child?: ChildMetrics;
}

/** A started measurement; call {@link finishMeasurement} to turn it into metrics. */
export interface Measurement {
  readonly startTime: number;
  readonly startMono: number;
  readonly startUserUs: number;
  readonly startSystemUs: number;
}

/** Readings closer together than this share one `getrusage` call. */
const USAGE_REUSE_MS = 0.05;
let lastUsage: NodeJS.ResourceUsage | undefined;
let lastUsageAt = -Infinity;

/**
 * The process's resource usage. A step that ends and the next that starts a few
 * microseconds later share one reading, which halves the system calls of the
 * per-step hot path; CPU figures are therefore exact to about 50 µs.
 */
function readUsage(): NodeJS.ResourceUsage {
  const now = performance.now();
  if (lastUsage === undefined || now - lastUsageAt > USAGE_REUSE_MS) {
    lastUsage = process.resourceUsage();
    lastUsageAt = now;
  }
  return lastUsage;
}

/** Starts measuring. */
export function startMeasurement(): Measurement {
  const usage = readUsage();
  return {
    startTime: Date.now(),
    startMono: performance.now(),
    startUserUs: usage.userCPUTime,
    startSystemUs: usage.systemCPUTime,
  };
}

/** Ends a measurement started by {@link startMeasurement}. */
export function finishMeasurement(m: Measurement, child?: ChildMetrics): ExecutionMetrics {
  const usage = readUsage();
  const metrics: ExecutionMetrics = {
    startTime: m.startTime,
    endTime: Date.now(),
    durationMs: toMicroseconds(performance.now() - m.startMono),
    cpuUserMs: (usage.userCPUTime - m.startUserUs) / 1000,
    cpuSystemMs: (usage.systemCPUTime - m.startSystemUs) / 1000,
    peakMemoryBytes: usage.maxRSS * 1024,
  };
  if (child) metrics.child = child;
  return metrics;
}

/** Milliseconds kept to the microsecond: finer digits are noise, and they bloat every record. */
function toMicroseconds(ms: number): number {
  return Math.round(ms * 1000) / 1000;
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
