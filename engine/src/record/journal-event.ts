import type { RecordedWorkflow } from "./recorded-workflow";
import type { ExecutionMetrics } from "../runtime/metrics";
import type { StepStatus, WorkflowStatus } from "../runtime/status";
import type { UndoRecipe } from "../runtime/step";
import type { StepOutcomeDetails } from "../runtime/step-outcome-details";

/** Version of the run-record format (journal lines and result.json). */
export const RECORD_FORMAT_VERSION = 1;

/** A step as described once, at the start of the run. */
export interface JournalStepInfo {
  id: string;
  description?: string;
  needs: string[];
  reversible: boolean;
  /** Changes nothing outside the run (`sleep`, `log`, `rollback: none`): nothing to undo. */
  effectFree?: boolean;
  /** How long its undo may take (`rollback_timeout`), when not the default; `momoflow rollback` keeps to it too. */
  rollbackTimeoutMs?: number;
  /** An instance of a fan-out step (`for_each`): that step's id. */
  instanceOf?: string;
  /** An instance's item (what it ran for), as the run record writes values. */
  item?: unknown;
}

/** First line of every journal. */
export interface RunStartedEvent {
  type: "run_started";
  v: typeof RECORD_FORMAT_VERSION;
  time: number;
  runId: string;
  workflow: RecordedWorkflow;
  source?: string;
  /**
   * The digest of what each step of the workflow runs as written, by step id
   * (a `.momoflow` workflow's: see `stepDefinitionDigests`): an editor
   * compares them with the file as it is now to tell the run's figures stale.
   */
  stepDefinitions?: Readonly<Record<string, string>>;
  workdir: string;
  pid: number;
  /** When the run's process started (Linux, clock ticks after boot): tells it from a later process given the same pid. */
  pidStartTicks?: number;
  concurrency: number;
  rollbackOnFailure: boolean;
  variables?: Record<string, unknown>;
  steps: JournalStepInfo[];
  /** The run this one resumes (`momoflow run --resume`): its succeeded, unchanged steps are reused here. */
  resumedFrom?: string;
}

/** The intent to run a step, written before any of its effects. */
export interface StepStartedEvent {
  type: "step_started";
  time: number;
  step: string;
  attempt: number;
  undo?: UndoRecipe;
  /**
   * Started after the run had failed, to handle the failure (its `when` read
   * a step's status): a rollback keeps what it did — also when the run was
   * killed before the step's outcome was written. Written only when true.
   */
  afterFailure?: true;
}

/** Rollback data recorded by a step before the effect it protects. */
export interface StepRollbackDataEvent {
  type: "step_rollback_data";
  time: number;
  step: string;
  data: unknown;
}

/**
 * A process group a step started (a shell action), written as soon as it
 * started: a rollback of a run that was killed stops what is left of it first,
 * and any rollback stops what is left of a step's groups before undoing it.
 */
export interface StepProcessEvent {
  type: "step_process";
  time: number;
  step: string;
  /** The pid of the group's leader, which is also the group's id. */
  pid: number;
  /**
   * When the leader started (field 22 of `/proc/<pid>/stat`, clock ticks after
   * boot; Linux only): tells it from a later process given the same pid.
   */
  startTicks?: number;
  /**
   * Started by the step's undo, not its run: a rollback killed mid-undo
   * leaves it running, and the next rollback stops it before undoing again.
   */
  undo?: true;
}

/** The outcome of a step (after all its attempts), or its skip. */
export interface StepFinishedEvent extends StepOutcomeDetails {
  type: "step_finished";
  time: number;
  step: string;
  status: StepStatus;
  attempts: number;
  metrics: ExecutionMetrics;
  rollbackData?: unknown;
  /**
   * The step's undo, resolved once its output existed: recorded when the
   * intent's undo was `after_output` (a rollback reading its own output).
   */
  undo?: UndoRecipe;
  /**
   * Started after the run had failed, to handle the failure (its `when` read
   * a step's status): a rollback keeps what it did.
   */
  afterFailure?: true;
  /**
   * Its last attempt never started: given up before any worker took it, its
   * job was taken off the queue (`momoflow run --on`). That attempt's
   * rollback data (recorded before the job was sent) has nothing to undo.
   */
  neverStarted?: true;
}

/**
 * A fan-out step (`for_each`) is due and its items are known: its instances,
 * one per item in item order (`convert[0]`…). Written before any of them
 * starts; from here on each instance has its own events, as any step, and a
 * rollback undoes them one by one. The fan-out step's own `step_finished`
 * comes after its last instance ended.
 */
export interface StepFannedOutEvent {
  type: "step_fanned_out";
  time: number;
  step: string;
  instances: JournalStepInfo[];
}

/**
 * Appended to a run's journal when a later run resumes it, before that run
 * starts: its completed steps now belong to the later run, which undoes
 * them, so this run is not rolled back on its own any more.
 */
export interface RunResumedEvent {
  type: "run_resumed";
  time: number;
  /** The id of the resuming run (a sibling folder of this run's record). */
  by: string;
  /**
   * The resuming run's process, and on Linux when it started: while the
   * resuming run has not recorded its start, the mark holds only while that
   * process lives (see `resumingRunOf`).
   */
  pid?: number;
  pidStartTicks?: number;
}

/**
 * What an earlier run did in a step and left to undo, as that run recorded
 * it: a run that resumes it and does not reuse the step (it changed, failed
 * half-way, or is gone from the file) takes this over, so that its rollback
 * undoes it after the step's own attempts (see {@link StepEarlierAttemptsEvent}).
 */
export interface EarlierAttempts {
  /** The run that made these attempts. */
  from: string;
  /** How they are undone, as that run recorded it; absent for a step whose undo is its own code. */
  undo?: UndoRecipe;
  /** Each attempt's rollback data, in attempt order (`{}` for one that recorded none). */
  attempts: { data?: unknown }[];
}

/**
 * A resuming run (`momoflow run --resume`) takes over what the run it resumes
 * did in a step it does not reuse: written before the step's own intent (or,
 * for a step it never reached, at its end), so that a kill in between
 * leaves the attempts owned by this run, whose rollback undoes them after
 * the step's own, the latest first. One line per run that made attempts (a
 * run resumed in turn passes on what it took over).
 */
export interface StepEarlierAttemptsEvent extends EarlierAttempts {
  type: "step_earlier_attempts";
  time: number;
  step: string;
  /** The step as the run that made the attempts declared it: used when this run has no step of that id. */
  info: JournalStepInfo;
}

/** The engine starts undoing steps: after a failure, a cancellation, or on request. */
export interface RollbackStartedEvent {
  type: "rollback_started";
  time: number;
  reason: "failure" | "cancelled" | "manual";
  steps: string[];
}

/** One step was undone, or its undo failed. */
export interface StepRolledBackEvent {
  type: "step_rolled_back";
  time: number;
  step: string;
  status: "rolled_back" | "rollback_failed";
  durationMs: number;
  error?: string;
  /**
   * The undo undid only what these runs did in the step (its earlier
   * attempts, taken over by `run --resume`); what this run did in it stays.
   */
  earlierUndone?: string[];
  /**
   * On a `rollback_failed` line of a step with earlier attempts: what its undo
   * had undone before the part that failed — this run's own attempts (`own`),
   * what these runs did in it (`earlier`) — so that a later rollback, which
   * tries the step again, does not undo those twice.
   */
  undoneBeforeFailing?: UndoneBeforeFailing;
  /**
   * On a `rollback_failed` line: the undo was given up (its deadline passed,
   * or the rollback was stopped) and may have stopped part-way; the next
   * rollback runs it again from its start, and says so.
   */
  givenUp?: true;
  /**
   * On a `rolled_back` line: the workers that ran the step (by name) found it
   * undone already, by the undo an earlier rollback sent them (one that went
   * on there after that rollback was killed, or another's meanwhile); nothing
   * was undone again. The run's own rollback records it too.
   */
  foundUndoneOn?: string[];
}

/** What the undo of a step with earlier attempts had undone when a later part of it failed (see {@link StepRolledBackEvent}). */
export interface UndoneBeforeFailing {
  own?: true;
  earlier?: string[];
}

/** Last line of a run that ended (a killed run has none). */
export interface RunFinishedEvent {
  type: "run_finished";
  time: number;
  status: WorkflowStatus;
  metrics: ExecutionMetrics;
  /** Why the run failed or was cancelled. */
  error?: string;
  /**
   * A run its workflow's `timeout` stopped: the ids of the steps the timeout
   * left unstarted (not those a failure had blocked before it); empty when
   * none. Absent for any other run, and in records made before it was kept
   * (their steps' reasons are read from the timeout's message then).
   */
  notRunAfterTimeout?: string[];
}

/** A rollback of the run (`momoflow rollback`) ended: the run's status now. */
export interface RollbackFinishedEvent {
  type: "rollback_finished";
  time: number;
  status: WorkflowStatus;
}

/** One line of `journal.jsonl`. */
export type JournalEvent =
  | RunStartedEvent
  | StepStartedEvent
  | StepRollbackDataEvent
  | StepProcessEvent
  | StepFinishedEvent
  | StepFannedOutEvent
  | StepEarlierAttemptsEvent
  | RollbackStartedEvent
  | StepRolledBackEvent
  | RunFinishedEvent
  | RollbackFinishedEvent
  | RunResumedEvent;

/** Every type of journal line, as {@link JournalEvent} has them. */
export const JOURNAL_EVENT_TYPES: readonly JournalEvent["type"][] = [
  "run_started",
  "step_started",
  "step_rollback_data",
  "step_process",
  "step_finished",
  "step_fanned_out",
  "step_earlier_attempts",
  "rollback_started",
  "step_rolled_back",
  "run_finished",
  "rollback_finished",
  "run_resumed",
];
