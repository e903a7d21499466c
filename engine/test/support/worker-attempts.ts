import type { StepFinishedEvent } from "../../src/record/journal-event";

/** What a worker journal's tests record an attempt of: its workflow and place, its step, its figures. */
export const ATTEMPT_WORKFLOW = {
  workflow: { id: "w", name: "w", version: "1" },
  workdir: "/srv",
};
export const ATTEMPT_STEP = { id: "build", needs: [], reversible: true };
export const ATTEMPT_METRICS = {
  startTime: 1,
  endTime: 2,
  durationMs: 1,
  cpuUserMs: 0,
  cpuSystemMs: 0,
  peakMemoryBytes: 0,
};

/** The outcome of a first attempt that succeeded, as its sink records it. */
export function attemptSucceeded(time: number): StepFinishedEvent {
  return {
    type: "step_finished",
    time,
    step: ATTEMPT_STEP.id,
    status: "success",
    attempts: 1,
    metrics: ATTEMPT_METRICS,
  };
}
