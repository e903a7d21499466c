import type { SummarizedRun } from "./summary-table";
import { StepStatus } from "../runtime/status";
import { countedStepNames } from "./step-names-text";

/**
 * The summary's line for a run that its workflow's `timeout` stopped with
 * steps left unstarted: a timed-out run stops as Ctrl+C stops it, so no step
 * starts after the timeout, not even a handler (`when: steps.b.status ==
 * failed`) that the timed-out step's failure would have started — which the
 * rows' `not_run` alone does not say. `not run after the workflow's timeout
 * (no step starts then, not even a handler): report`. Undefined for any other
 * run.
 */
export function notRunAfterTimeoutText(result: SummarizedRun): string | undefined {
  // The engine's message for its run's timeout: on the run's error, or on the steps it stopped.
  const timedOut = `workflow "${result.workflowId}" timed out after `;
  const stopped =
    result.error?.includes(timedOut) === true ||
    result.stepResults.some((r) => r.error?.includes(timedOut) === true);
  if (!stopped) return undefined;
  const notRun = result.stepResults
    .filter((r) => r.status === StepStatus.NOT_RUN)
    .map((r) => r.stepId);
  if (notRun.length === 0) return undefined;
  return `not run after the workflow's timeout (no step starts then, not even a handler): ${countedStepNames(notRun)}`;
}
