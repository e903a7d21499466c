import { StepStatus } from "./status";

/**
 * Why a step is `not_run` when its workflow's `timeout` stopped the run
 * before it started: a timed-out run stops as Ctrl+C stops it, so no step
 * starts after the timeout, not even a handler (`when: steps.b.status ==
 * failed`) that the timed-out step's failure would have started — which a
 * `not_run` status alone does not say. The step's `reason` in result.json
 * and `run --json`, and the run summary's line (`…: report, notify`).
 */
export const NOT_RUN_AFTER_TIMEOUT =
  "not run after the workflow's timeout (no step starts then, not even a handler)";

/** What {@link giveTimeoutReasons} reads of a step. */
export interface TimeoutStep {
  status: string;
  error?: string;
  reason?: string;
}

/**
 * The steps of a run of workflow `workflowId` (its error `runError`) that
 * its `timeout` left unstarted, read from a record that does not list them
 * (made before `run_finished` kept `notRunAfterTimeout`): its `not_run`
 * steps without a reason of their own, when the timeout stopped it — the
 * engine's message for it is the run's error, or the error of a step it
 * stopped (when a failure came first, that failure is the run's error, and
 * such a record cannot tell the steps the failure blocked: all are taken).
 * None for any other run.
 */
function leftByTimeoutMessage<S extends TimeoutStep>(
  workflowId: string,
  runError: string | undefined,
  steps: readonly S[],
): S[] {
  const timedOut = `workflow "${workflowId}" timed out after `;
  // A damaged record's error may be anything but text.
  const says = (error: unknown): boolean => typeof error === "string" && error.includes(timedOut);
  const stopped = says(runError) || steps.some((s) => says(s.error));
  if (!stopped) return [];
  return steps.filter(
    (s) =>
      s.status === StepStatus.NOT_RUN &&
      (s.reason === undefined || s.reason === NOT_RUN_AFTER_TIMEOUT),
  );
}

/**
 * Gives each step of `steps` (result.json's) that its workflow's timeout
 * left unstarted its {@link NOT_RUN_AFTER_TIMEOUT} reason, in place: those
 * the run's end recorded (`recorded`, see `RunFinishedEvent`), or in an
 * older record the ones its messages point to (see {@link leftByTimeoutMessage}).
 */
export function giveTimeoutReasons(
  workflowId: string,
  runError: string | undefined,
  steps: readonly (TimeoutStep & { id: string })[],
  recorded: readonly string[] | undefined,
): void {
  const left = recorded
    ? steps.filter((s) => s.status === StepStatus.NOT_RUN && recorded.includes(s.id))
    : leftByTimeoutMessage(workflowId, runError, steps);
  for (const step of left) step.reason = NOT_RUN_AFTER_TIMEOUT;
}
