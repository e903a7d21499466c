import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/**
 * How heap figures were made comparable:
 * - `expose-gc`: node ran with `--expose-gc`; a full collection precedes every reading;
 * - `runtime-gc`: the same collection, its function obtained at run time through
 *   `v8.setFlagsFromString("--expose-gc")` (node ran without the flag);
 * - `sampled`: no collection available; each figure is the median of several runs.
 */
export type MemoryMethod = "expose-gc" | "runtime-gc" | "sampled";

/** A way to force a full garbage collection, if there is one. */
export interface GarbageCollector {
  method: MemoryMethod;
  /** Runs a full collection; absent for `sampled`. */
  collect: (() => void) | undefined;
}

/** Plain-words descriptions of each {@link MemoryMethod}, for the report. */
export const MEMORY_METHOD_DESCRIPTIONS: Record<MemoryMethod, string> = {
  "expose-gc":
    "heapUsed read after a forced full GC (node --expose-gc); retained = after (results kept) − before, / steps, the median of several runs",
  "runtime-gc":
    "heapUsed read after a forced full GC (gc enabled at run time via v8.setFlagsFromString); retained = after (results kept) − before, / steps, the median of several runs",
  sampled:
    "no forced GC available: median over several runs of heapUsed after (results kept) − before, / steps",
};

let cached: GarbageCollector | undefined;

/** The process's full collector: `global.gc`, else one enabled at run time, else none. */
export function garbageCollector(): GarbageCollector {
  cached ??= findCollector();
  return cached;
}

function findCollector(): GarbageCollector {
  const exposed = (globalThis as { gc?: unknown }).gc;
  if (typeof exposed === "function") {
    return { method: "expose-gc", collect: () => (exposed as () => void)() };
  }
  try {
    // The flag only takes effect for contexts created after it is set, hence the new context.
    setFlagsFromString("--expose-gc");
    const gc: unknown = runInNewContext("gc");
    if (typeof gc === "function")
      return { method: "runtime-gc", collect: () => (gc as () => void)() };
  } catch {
    // Some embedders refuse runtime flags: fall back to sampling.
  }
  return { method: "sampled", collect: undefined };
}

/** Heap in use after a full collection when one is available (twice: weak references need a second pass). */
export function settledHeapUsed(): number {
  const { collect } = garbageCollector();
  if (collect) {
    collect();
    collect();
  }
  return process.memoryUsage().heapUsed;
}
