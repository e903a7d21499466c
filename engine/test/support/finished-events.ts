import type { JournalEvent } from "../../src/record/journal-event";

/** A step_finished event with only its required fields. */
const PLAIN_FINISHED = {
  type: "step_finished" as const,
  time: 1,
  step: "s",
  status: "success" as const,
  attempts: 1,
  metrics: {
    startTime: 1,
    endTime: 2,
    durationMs: 1,
    cpuUserMs: 0,
    cpuSystemMs: 0,
    peakMemoryBytes: 1,
  },
};

/** A value for each optional field of step_finished: a new field belongs here. */
const OPTIONAL_FIELDS: Record<string, unknown> = {
  output: { a: [1] },
  error: "e",
  log: "logs/s.log",
  rollbackData: { path: "x" },
  undo: { kind: "undo", command: "c", args: {} },
  fingerprint: `sha256:${"0".repeat(64)}`,
  reusedFrom: "run-1",
  changedSince: "run-1",
  upToDate: true,
  afterFailure: true,
  reason: "for_each: names has no items, so no instance ran",
  worker: "build-1",
};

/**
 * One plain step_finished event per optional field, holding just that one:
 * what a hand-written encoder must keep (random events rarely hold just one).
 */
export function finishedWithEachOptionalField(): [field: string, event: JournalEvent][] {
  return Object.entries(OPTIONAL_FIELDS).map(([field, value]) => [
    field,
    { ...PLAIN_FINISHED, [field]: value } as JournalEvent,
  ]);
}
