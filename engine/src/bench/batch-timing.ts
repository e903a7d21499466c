import { performance } from "node:perf_hooks";

/**
 * How to time a fast operation: one clock read costs about as much as the
 * operation, so each sample is the mean over a batch of `batchSize` calls.
 */
export interface BatchPlan {
  /** Number of samples (batches) kept. */
  samples: number;
  /** Operations per sample. */
  batchSize: number;
  /** Batches run first and thrown away, so the JIT has settled. Default: a fifth of `samples`, at least 1. */
  warmup?: number;
}

/** Untimed preparation before each batch (e.g. a fresh registry to register into). */
export type BatchSetup = () => void;

/** Keeps results alive so the JIT cannot drop a sync operation as dead code. */
let _blackhole: unknown;

function warmupBatches(plan: BatchPlan): number {
  return plan.warmup ?? Math.max(1, Math.floor(plan.samples / 5));
}

/**
 * Times `op(i)` (i = 0…batchSize − 1) in batches of awaited calls.
 * @returns one figure per batch: microseconds per call.
 */
export async function timeAsyncBatches(
  op: (i: number) => Promise<unknown>,
  plan: BatchPlan,
  setup?: BatchSetup,
): Promise<number[]> {
  const perOpUs: number[] = [];
  const total = warmupBatches(plan) + plan.samples;
  for (let b = 0; b < total; b++) {
    setup?.();
    const start = performance.now();
    for (let i = 0; i < plan.batchSize; i++) _blackhole = await op(i);
    const elapsed = performance.now() - start;
    if (b >= total - plan.samples) perOpUs.push((elapsed * 1000) / plan.batchSize);
  }
  return perOpUs;
}

/**
 * Times `op(i)` (i = 0…batchSize − 1) in batches of plain calls.
 * @returns one figure per batch: microseconds per call.
 */
export function timeSyncBatches(
  op: (i: number) => unknown,
  plan: BatchPlan,
  setup?: BatchSetup,
): number[] {
  const perOpUs: number[] = [];
  const total = warmupBatches(plan) + plan.samples;
  for (let b = 0; b < total; b++) {
    setup?.();
    const start = performance.now();
    for (let i = 0; i < plan.batchSize; i++) _blackhole = op(i);
    const elapsed = performance.now() - start;
    if (b >= total - plan.samples) perOpUs.push((elapsed * 1000) / plan.batchSize);
  }
  return perOpUs;
}
