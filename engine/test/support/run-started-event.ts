import type { JournalStepInfo, RunStartedEvent } from "../../src/record/journal-event";

/**
 * The `run_started` event of run `r` of workflow `w` (version 1) with
 * `steps`, at time 1: for tests that feed events to a listener (the CLI's
 * progress lines) or a journal replay without running anything.
 */
export function runStartedEvent(steps: JournalStepInfo[]): RunStartedEvent {
  return {
    type: "run_started",
    v: 1,
    time: 1,
    runId: "r",
    workflow: { id: "w", name: "w", version: "1" },
    workdir: "/",
    pid: 1,
    concurrency: 1,
    rollbackOnFailure: true,
    steps,
  };
}
