import type { JournalStepInfo, RunStartedEvent } from "../../src/record/journal-event";

/**
 * The `run_started` event of run `r` of workflow `w` (version 1) with
 * `steps`, as the engine hands it to its listeners: for tests that feed
 * events to a listener (the CLI's progress lines) without running anything.
 */
export function runStartedEvent(steps: JournalStepInfo[]): RunStartedEvent {
  return {
    type: "run_started",
    v: 1,
    time: 0,
    runId: "r",
    workflow: { id: "w", name: "w", version: "1" },
    workdir: "/",
    pid: 1,
    concurrency: 1,
    rollbackOnFailure: true,
    steps,
  };
}
