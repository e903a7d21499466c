import type { JournalEvent, StepFinishedEvent } from "../record/journal-event";
import { emptyMetrics } from "./metrics";
import { earlierEvents } from "./earlier-attempts";
import type { ResumeSource, ReusableStep } from "./resume-run";
import { StepStatus } from "./status";
import type { StepResult } from "./step";

/** What a resumed run does with one step: take it over, or run it (again). */
export type ReuseVerdict =
  | { kind: "reuse"; step: ReusableStep }
  | { kind: "run" }
  /** It succeeded in the resumed run, but its action is not the same now. */
  | { kind: "changed"; since: string };

/**
 * Whether the resumed run's step is reused: it succeeded there with this
 * fingerprint, and later steps can be given its output as it was (a cut one
 * cannot). A step without a fingerprint then or now is run again.
 */
export function reuseVerdict(
  source: ResumeSource,
  stepId: string,
  fingerprint: string | undefined,
): ReuseVerdict {
  const old = source.steps.get(stepId);
  if (!old) return { kind: "run" };
  if (old.fingerprint === undefined || fingerprint === undefined || old.outputCut)
    return { kind: "run" };
  return old.fingerprint === fingerprint
    ? { kind: "reuse", step: old }
    : { kind: "changed", since: source.runId };
}

/**
 * The events that make a reused step this run's own, as if it had run here:
 * each recorded attempt's intent with the undo, and its rollback data, then
 * the outcome (`reusedFrom`, no attempt made now). A rollback of this run
 * then undoes it like any other completed step.
 */
export function reuseEvents(
  stepId: string,
  step: ReusableStep,
  from: string,
  fingerprint: string | undefined,
  /** Started after this run failed (a cleanup step): kept by its rollback, as it was there. */
  afterFailure = false,
): JournalEvent[] {
  // What runs before the resumed one did in the step goes with it, before its attempts.
  const events: JournalEvent[] = step.earlier ? earlierEvents(stepId, step.earlier, step.info) : [];
  // A fan-out step never had an intent of its own (its instances have theirs).
  const attempts = step.fannedOut ? 0 : Math.max(1, step.attemptData.length);
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const time = Date.now();
    events.push({
      type: "step_started",
      time,
      step: stepId,
      attempt,
      ...(step.undo ? { undo: step.undo } : {}),
      ...(afterFailure || step.afterFailure ? { afterFailure: true as const } : {}),
    });
    const data = step.attemptData[attempt - 1];
    if (data !== undefined) events.push({ type: "step_rollback_data", time, step: stepId, data });
  }
  const finished: StepFinishedEvent = {
    type: "step_finished",
    time: Date.now(),
    step: stepId,
    status: StepStatus.SUCCESS,
    attempts: 0,
    metrics: emptyMetrics(),
  };
  if (step.output !== undefined) finished.output = step.output;
  if (fingerprint !== undefined) finished.fingerprint = fingerprint;
  finished.reusedFrom = from;
  // What a cleanup step did is kept by every rollback: also by that of the run that reuses it.
  if (afterFailure || step.afterFailure) finished.afterFailure = true;
  events.push(finished);
  return events;
}

/** The result of a reused step: its output as recorded, nothing run now. */
export function reusedResult(
  stepId: string,
  step: ReusableStep,
  from: string,
  fingerprint: string | undefined,
): StepResult {
  const result: StepResult = {
    stepId,
    status: StepStatus.SUCCESS,
    metrics: emptyMetrics(),
    attempts: 0,
    reusedFrom: from,
  };
  if (fingerprint !== undefined) result.fingerprint = fingerprint;
  if (step.output !== undefined) result.output = step.output;
  const data = step.attemptData.filter((d) => d !== undefined);
  if (data.length) result.rollbackData = data[data.length - 1];
  return result;
}
