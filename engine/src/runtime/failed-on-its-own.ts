import { stepHadFailed } from "./rollback-failed-error";
import { StepStatus } from "./status";

/**
 * Whether a step's row says the step failed itself (not only its undo),
 * whatever was undone since: `failed`; `rolled_back` with an error (a step
 * undone after it succeeded has none); `rollback_failed` saying the step
 * had failed. In a call that went on to its end, such a called step is a
 * `continue_on_error` failure the call went on after: it counts in none of
 * the call's statuses (see `calledStatus`). The test kit reads a call so,
 * as `steps.<call>.status` does.
 */
export function failedOnItsOwn(step: {
  readonly status: StepStatus;
  readonly error?: string;
}): boolean {
  if (step.status === StepStatus.FAILED) return true;
  if (step.status === StepStatus.ROLLBACK_FAILED) return stepHadFailed(step.error);
  return step.status === StepStatus.ROLLED_BACK && step.error !== undefined;
}
