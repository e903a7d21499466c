import type { SecretMask } from "../runtime/secret-mask";
import type { StepResult, UndoRecipe } from "../runtime/step";
import type { StepFinishedEvent } from "./journal-event";
import { recordedOutput } from "./recorded-output";

/**
 * A step's outcome event; its rollback data only when it was not recorded
 * before the effect, and its undo when that could be resolved only now. Its
 * output is cut as the record keeps it (see `recordedOutput`) once masked
 * with `mask`: cut first, a secret longer than the cut (a step's whole output
 * given to a `secret` param) or across it would no longer be found whole,
 * and its start would be written in the clear.
 */
export function finishedEvent(
  result: StepResult,
  withRollbackData: boolean,
  undo: UndoRecipe | undefined,
  mask: SecretMask,
): StepFinishedEvent {
  const event: StepFinishedEvent = {
    type: "step_finished",
    // The step's measured end: no second clock read (a result without one, e.g. a failure before it began, reads it).
    time: result.metrics.endTime || Date.now(),
    step: result.stepId,
    status: result.status,
    attempts: result.attempts,
    metrics: result.metrics,
  };
  if (result.output !== undefined)
    event.output = recordedOutput(mask.value({ output: result.output }).output);
  if (result.error !== undefined) event.error = result.error;
  if (result.log !== undefined) event.log = result.log;
  if (result.fingerprint !== undefined) event.fingerprint = result.fingerprint;
  if (withRollbackData) event.rollbackData = result.rollbackData;
  if (undo) event.undo = undo;
  if (result.changedSince !== undefined) event.changedSince = result.changedSince;
  if (result.upToDate) event.upToDate = true;
  if (result.reason !== undefined) event.reason = result.reason;
  if (result.worker !== undefined) event.worker = result.worker;
  if (result.neverStarted) event.neverStarted = true;
  return event;
}
