import { timeAsyncBatches, type BatchPlan } from "./batch-timing";

/** What the baseline is, for the report. */
export const BASELINE_DESCRIPTION =
  "plain `await fn()` of a no-op async function, in a loop; microseconds per call";

async function noop(): Promise<void> {
  // Nothing: the cost measured is the call and the await alone.
}

/**
 * Times the baseline: the same batched loop as every other figure, around a
 * plain awaited call of a no-op async function.
 * @returns microseconds per call, one figure per batch.
 */
export function measureBaseline(plan: BatchPlan): Promise<number[]> {
  return timeAsyncBatches(noop, plan);
}
