import type {
  JournalEvent,
  StepFinishedEvent,
  StepRolledBackEvent,
  StepStartedEvent,
} from "../../src/record/journal-event";
import type { ExecutionMetrics } from "../../src/runtime/metrics";
import type { EachOptionalField } from "./each-optional-field";

const PLAIN_METRICS: ExecutionMetrics = {
  startTime: 1,
  endTime: 2,
  durationMs: 1,
  cpuUserMs: 0,
  cpuSystemMs: 0,
  peakMemoryBytes: 1,
};

/** A step_finished event with only its required fields. */
const PLAIN_FINISHED: StepFinishedEvent = {
  type: "step_finished",
  time: 1,
  step: "s",
  status: "success",
  attempts: 1,
  metrics: PLAIN_METRICS,
};

const FINISHED_OPTIONAL: EachOptionalField<StepFinishedEvent> = {
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
  neverStarted: true,
};

const METRICS_OPTIONAL: EachOptionalField<ExecutionMetrics> = {
  child: { cpuUserMs: 1.5, cpuSystemMs: 0, peakMemoryBytes: 2048 },
  memory: { kind: "child_peak", bytes: 2048 },
};

const PLAIN_STARTED: StepStartedEvent = { type: "step_started", time: 1, step: "s", attempt: 1 };

const STARTED_OPTIONAL: EachOptionalField<StepStartedEvent> = {
  undo: { kind: "run", command: "sh", args: { script: "echo undo" } },
  afterFailure: true,
};

const PLAIN_ROLLED_BACK: StepRolledBackEvent = {
  type: "step_rolled_back",
  time: 1,
  step: "s",
  status: "rolled_back",
  durationMs: 1.5,
};

const ROLLED_BACK_OPTIONAL: EachOptionalField<StepRolledBackEvent> = {
  error: "e",
  earlierUndone: ["run-1"],
  undoneBeforeFailing: { own: true, earlier: ["run-1"] },
  givenUp: true,
  foundUndoneOn: ["w1"],
};

/** One event per optional field of `fields`, holding just that one on `plain`. */
function eachWithOne<T extends JournalEvent>(
  plain: T,
  fields: object,
): [field: string, event: JournalEvent][] {
  return Object.entries(fields).map(([field, value]) => [field, { ...plain, [field]: value }]);
}

/**
 * One plain step_finished event per optional field, holding just that one:
 * what a hand-written encoder must keep (random events rarely hold just one).
 * The metrics' optional fields are among them (`metrics.child`).
 */
export function finishedWithEachOptionalField(): [field: string, event: JournalEvent][] {
  return [
    ...eachWithOne(PLAIN_FINISHED, FINISHED_OPTIONAL),
    ...Object.entries(METRICS_OPTIONAL).map(([field, value]): [string, JournalEvent] => [
      `metrics.${field}`,
      { ...PLAIN_FINISHED, metrics: { ...PLAIN_METRICS, [field]: value } },
    ]),
  ];
}

/**
 * Each of the other events a step's lines are encoded by hand for — its
 * intent, its undo's outcome — once plain and once per optional field.
 */
export function handEncodedEventsWithEachOptionalField(): [field: string, event: JournalEvent][] {
  return [
    ["step_started", PLAIN_STARTED],
    ...eachWithOne(PLAIN_STARTED, STARTED_OPTIONAL),
    ["step_rolled_back", PLAIN_ROLLED_BACK],
    ...eachWithOne(PLAIN_ROLLED_BACK, ROLLED_BACK_OPTIONAL),
    ...eachWithOne({ ...PLAIN_ROLLED_BACK, status: "rollback_failed" }, ROLLED_BACK_OPTIONAL),
  ];
}
