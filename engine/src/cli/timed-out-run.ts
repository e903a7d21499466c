import type { SummarizedRun } from "./summary-table";
import { NOT_RUN_AFTER_TIMEOUT } from "../runtime/not-run-after-timeout";
import { countedStepNames } from "./step-names-text";

/**
 * The summary's line for a run that its workflow's `timeout` stopped with
 * steps left unstarted, said once under the run's error rather than on each
 * of their rows: `not run after the workflow's timeout (no step starts then,
 * not even a handler): report` (see {@link NOT_RUN_AFTER_TIMEOUT}). Undefined
 * for any other run.
 */
export function notRunAfterTimeoutText(result: SummarizedRun): string | undefined {
  // The run's result and result.json give each such step the reason (see not-run-after-timeout.ts).
  const notRun = result.stepResults
    .filter((r) => r.reason === NOT_RUN_AFTER_TIMEOUT)
    .map((r) => r.stepId);
  if (notRun.length === 0) return undefined;
  return `${NOT_RUN_AFTER_TIMEOUT}: ${countedStepNames(notRun)}`;
}
