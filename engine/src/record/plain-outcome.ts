import type { ExecutionMetrics } from "../runtime/metrics";
import type { StepStatus } from "../runtime/status";
import type { StepResult } from "../runtime/step";
import type { StepFinishedEvent } from "./journal-event";

/**
 * A step's outcome that says no more than its status, attempts and figures
 * (most steps: a success with no output): the record takes it as it is, with
 * no `step_finished` event made for it — the journal encodes its line from
 * it, the replay keeps it in its columns. A step's result is one.
 */
export interface PlainOutcome {
  readonly stepId: string;
  readonly status: StepStatus;
  readonly attempts: number;
  readonly metrics: ExecutionMetrics;
}

/**
 * Whether `result` is a {@link PlainOutcome} whole: none of the fields
 * `finishedEvent` writes beyond those (its rollback data, undo and
 * `afterFailure` are the caller's to rule out).
 */
export function isPlainOutcome(result: StepResult): boolean {
  return (
    result.output === undefined &&
    result.error === undefined &&
    result.log === undefined &&
    result.fingerprint === undefined &&
    result.changedSince === undefined &&
    !result.upToDate &&
    result.reason === undefined &&
    result.worker === undefined &&
    !result.neverStarted
  );
}

/** The time an outcome's line gives: the step's measured end (a result without one reads the clock). */
export function outcomeTime(outcome: PlainOutcome): number {
  return outcome.metrics.endTime || Date.now();
}

/** The `step_finished` event of `outcome`, for what takes events (a lost line written again, a listener). */
export function plainOutcomeEvent(outcome: PlainOutcome): StepFinishedEvent {
  return {
    type: "step_finished",
    time: outcomeTime(outcome),
    step: outcome.stepId,
    status: outcome.status,
    attempts: outcome.attempts,
    metrics: outcome.metrics,
  };
}
