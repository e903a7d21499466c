import { emptyMetrics, type ExecutionMetrics } from "../runtime/metrics";
import type { JournalEvent } from "./journal-event";

/**
 * The figures of a run that was killed (its journal has no `run_finished`),
 * for the `result.json` a rollback writes: its time is what the run itself
 * recorded, from its start to the last line it wrote — its steps, and its
 * own rollback when it was killed in that — not the lines of a later
 * `momoflow rollback` of it (`rollback_started` with reason `manual`, and
 * all after). A run killed seconds in said it took 0.00 ms. Its CPU and
 * memory were never measured: 0.
 */
export function killedRunMetrics(
  startTime: number,
  events: readonly JournalEvent[],
): ExecutionMetrics {
  let endTime = startTime;
  for (const event of events) {
    if (event.type === "rollback_started" && event.reason === "manual") break;
    if (event.time > endTime) endTime = event.time;
  }
  return { ...emptyMetrics(startTime), endTime, durationMs: endTime - startTime };
}
