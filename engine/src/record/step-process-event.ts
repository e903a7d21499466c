import { readProcessIdentity } from "../commands/linux-proc";
import type { StepProcessEvent } from "./journal-event";

/**
 * The durable record of a process group a step started — its run's, or with
 * `undo` its undo's. On Linux it holds the leader's start time, so a later
 * rollback can tell it from a recycled pid.
 */
export function stepProcessEvent(stepId: string, pid: number, undo = false): StepProcessEvent {
  const event: StepProcessEvent = { type: "step_process", time: Date.now(), step: stepId, pid };
  if (process.platform === "linux") {
    const startTicks = readProcessIdentity(pid)?.startTicks;
    if (startTicks !== undefined) event.startTicks = startTicks;
  }
  if (undo) event.undo = true;
  return event;
}
