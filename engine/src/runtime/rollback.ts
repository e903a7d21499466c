import { performance } from "node:perf_hooks";
import type { FoundUndone } from "../record/found-undone-text";
import type {
  JournalEvent,
  RollbackStartedEvent,
  StepRolledBackEvent,
  UndoneBeforeFailing,
} from "../record/journal-event";
import { UNDO_ERROR_BYTES } from "../record/journal-reserve";
import { cutToRecord } from "../record/recorded-error";
import {
  stopLeftoverProcesses,
  stoppedLeftovers,
  type RecordedProcess,
  type StoppedLeftover,
  type StopProcessesOptions,
} from "../record/leftover-processes";
import { emptyMetrics, wallTimeAt } from "./metrics";
import { StepStatus } from "./status";
import { errorMessage } from "./step";
import type { UndoAbort } from "./undo-abort";
import {
  giveUpOf,
  holdUndoDeadlines,
  startBoundedUndo,
  UndoGivenUpError,
  type GiveUp,
} from "./undo-deadline";

/** A step to undo. */
export interface UndoItem {
  stepId: string;
  /**
   * Undoes the step. `abort` is given up when the undo is (its deadline
   * passed, or the rollback was stopped): its execution's signal is `abort.signal`.
   */
  undo: (abort: UndoAbort) => Promise<void>;
  /** How long the undo may take (the step's `rollback_timeout`); default `DEFAULT_ROLLBACK_TIMEOUT_MS`. */
  timeoutMs?: number | undefined;
  /** The process groups the step's run and earlier undos started, as the journal recorded them. */
  processes?: readonly RecordedProcess[] | undefined;
  /**
   * Set when the undo undoes only what these runs did in the step (its
   * earlier attempts, taken over by a resumed run) and this run's attempt
   * stays: its `step_rolled_back` says so (`earlierUndone`).
   */
  earlierOnly?: readonly string[] | undefined;
  /**
   * What the undo had undone when it failed, for an undo made of parts (a
   * step's own attempts, then its earlier ones): its `rollback_failed` line
   * says so, and a later rollback undoes only the rest.
   */
  undoneBeforeFailing?: (() => UndoneBeforeFailing | undefined) | undefined;
}

/** What a rollback achieved. */
export interface RollbackOutcome {
  /** Undone, in the order they were undone. */
  rolledBack: string[];
  /** Undo threw or was given up: step id → message. */
  failed: Map<string, string>;
  /** Never attempted: the rollback was stopped first (`momoflow rollback` undoes them later). */
  notAttempted: string[];
  /**
   * Found never started when undone (see `UndoAbort.neverStarted`): nothing
   * of them ran, nothing was undone; recorded `not_run`, not `rolled_back`.
   */
  neverStarted: string[];
  /** Process groups a step's run or a killed rollback's undo left running, stopped before the step was undone. */
  leftovers: StoppedLeftover[];
  /** Among {@link rolledBack}: those their workers found undone already (see `UndoAbort.foundUndoneOn`). */
  foundUndone: FoundUndone[];
  /** The rollback stopped before `notAttempted` because its record had no room left (see {@link UndoOptions.recordable}). */
  unrecordable: boolean;
}

/** How a rollback goes about its undos. */
export interface UndoOptions {
  /** How leftover processes are stopped (their grace period). */
  stopping?: StopProcessesOptions;
  /**
   * Aborted to stop the rollback (a second Ctrl+C or SIGTERM): the running
   * undo is given up and no further one starts.
   */
  giveUp?: AbortSignal | undefined;
  /**
   * Whether the outcome of an undo started now is sure to be recorded (see
   * `JournalWriter.roomAssured`). When not — the disk is full and the run's
   * reserve used up — no further undo starts: one that happened unrecorded
   * would run again in a later rollback. What is left stays for
   * `momoflow rollback`.
   */
  recordable?: () => boolean;
}

/**
 * Undoes `items` in the order given — the reverse of completion, as the
 * journal replay orders them (the saga's compensations): every undo is
 * attempted even when an earlier one throws, and each outcome is recorded.
 * The live run and `rollbackRun` share it.
 *
 * Before a step is undone, what its processes left running is stopped: a
 * background process of its run (`server &`) would redo its effect after the
 * undo, and the undo of a rollback that was killed would run beside this one.
 *
 * Each undo is bounded (see `boundedUndo`): one that outlives its deadline,
 * or runs when the rollback is stopped, is given up — its processes stopped —
 * and ends `rollback_failed` saying so, which a later `momoflow rollback`
 * tries again.
 *
 * @param record where the events go; it must not throw (a rollback goes on
 *   when its record cannot be written).
 */
export async function undoSteps(
  items: readonly UndoItem[],
  reason: RollbackStartedEvent["reason"],
  record: (event: JournalEvent) => void,
  options: UndoOptions = {},
): Promise<RollbackOutcome> {
  const outcome: RollbackOutcome = {
    rolledBack: [],
    failed: new Map(),
    notAttempted: [],
    neverStarted: [],
    foundUndone: [],
    leftovers: [],
    unrecordable: false,
  };
  record({ type: "rollback_started", time: Date.now(), reason, steps: items.map((i) => i.stepId) });
  const release = holdUndoDeadlines();
  try {
    await undoEach(items, record, outcome, options);
  } finally {
    release();
  }
  return outcome;
}

/** The undos of {@link undoSteps}, in order, each outcome recorded. */
function undoEach(
  items: readonly UndoItem[],
  record: (event: JournalEvent) => void,
  outcome: RollbackOutcome,
  options: UndoOptions,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    new UndoSequence(items, record, outcome, options, resolve, reject).next();
  });
}

/**
 * The undos of one rollback, one after the other: each starts when the one
 * before it has ended and its outcome is recorded. Driven by the undos'
 * ends rather than an `await` per undo: one function, made once, hears each
 * undo end (see `startBoundedUndo`), so an undo costs no promise of its own.
 */
class UndoSequence {
  private index = 0;
  private current: UndoItem | undefined;
  private started = 0;
  /** Told when the running undo ends (made once for the whole rollback). */
  private readonly ended = (error?: unknown, abort?: UndoAbort): void =>
    this.undoEnded(error, abort);
  private readonly stopping: StopProcessesOptions;
  private readonly giveUp: GiveUp | undefined;
  private readonly recordable: (() => boolean) | undefined;

  constructor(
    private readonly items: readonly UndoItem[],
    private readonly record: (event: JournalEvent) => void,
    private readonly outcome: RollbackOutcome,
    options: UndoOptions,
    private readonly done: () => void,
    private readonly fail: (error: unknown) => void,
  ) {
    this.stopping = options.stopping ?? {};
    this.giveUp = giveUpOf(options.giveUp);
    this.recordable = options.recordable;
  }

  /** Starts the next undo that may start (after recording those that may not); ends the sequence after the last. */
  next(): void {
    const { items, outcome } = this;
    while (this.index < items.length) {
      const item = items[this.index++]!;
      // Stopped: what is left stays recorded as left to undo, for `momoflow rollback`.
      if (this.giveUp?.aborted) {
        outcome.notAttempted.push(item.stepId);
        continue;
      }
      if (outcome.unrecordable || (this.recordable && !this.recordable())) {
        outcome.unrecordable = true;
        outcome.notAttempted.push(item.stepId);
        continue;
      }
      this.current = item;
      const started = performance.now();
      this.started = started;
      if (item.processes?.length) {
        const processes = item.processes;
        stopLeftoverProcesses(processes, this.stopping).then(
          (stopped) => {
            // Said by the rollback's report: an undo left by a killed rollback is not stopped silently.
            outcome.leftovers.push(...stoppedLeftovers(stopped, processes, item.stepId));
            startBoundedUndo(item, this.giveUp, this.ended);
          },
          (error: unknown) => this.ended(error ?? new Error(String(error))),
        );
      } else startBoundedUndo(item, this.giveUp, this.ended, started); // its deadline runs from `started`
      return;
    }
    this.done();
  }

  /** Records how the running undo ended and goes on. It never throws: a failure ends the sequence. */
  private undoEnded(error?: unknown, abort?: UndoAbort): void {
    try {
      if (error === undefined && abort?.neverStarted) this.recordNeverStarted(this.current!);
      else this.recordOutcome(this.current!, error, abort);
      this.next();
    } catch (failure) {
      this.fail(failure);
    }
  }

  /**
   * A step its undo found never started: its outcome, which the run never
   * recorded (it was killed while the step waited), is that it never ran —
   * nothing of it to undo, now or later.
   */
  private recordNeverStarted(item: UndoItem): void {
    this.outcome.neverStarted.push(item.stepId);
    const time = Date.now();
    this.record({
      type: "step_finished",
      time,
      step: item.stepId,
      status: StepStatus.NOT_RUN,
      attempts: 0,
      metrics: emptyMetrics(time),
      error: NEVER_STARTED,
      neverStarted: true,
    });
  }

  private recordOutcome(item: UndoItem, error: unknown, abort?: UndoAbort): void {
    const { outcome, started } = this;
    if (error === undefined) {
      outcome.rolledBack.push(item.stepId);
      const ended = performance.now();
      const event: StepRolledBackEvent = {
        type: "step_rolled_back",
        time: wallTimeAt(ended),
        step: item.stepId,
        status: "rolled_back",
        durationMs: toMicroseconds(ended - started),
      };
      if (item.earlierOnly?.length) event.earlierUndone = [...item.earlierOnly];
      if (abort?.foundUndoneOn !== undefined) {
        event.foundUndoneOn = abort.foundUndoneOn;
        outcome.foundUndone.push({ stepId: item.stepId, on: abort.foundUndoneOn });
      }
      this.record(event);
      return;
    }
    const message = errorMessage(error);
    outcome.failed.set(item.stepId, message);
    const event: StepRolledBackEvent = {
      type: "step_rolled_back",
      time: Date.now(),
      step: item.stepId,
      status: "rollback_failed",
      durationMs: toMicroseconds(performance.now() - started),
      // Cut to the room the run keeps for an undo's lines: on a full disk a longer
      // line would leave this undo unrecorded, and a later rollback would run it again.
      error: cutToRecord(message, UNDO_ERROR_BYTES),
    };
    const undone = item.undoneBeforeFailing?.();
    if (undone !== undefined) event.undoneBeforeFailing = undone;
    // It may have stopped part-way: the next rollback, which runs it again, says so.
    if (error instanceof UndoGivenUpError) event.givenUp = true;
    this.record(event);
  }
}

/**
 * What the record says of a step a rollback found never started. Short: on a
 * full disk its line comes out of the room the run kept per undo.
 */
const NEVER_STARTED =
  "it never started (the run ended while it waited; no worker took its job, now off the queue): nothing of it ran";

/** Milliseconds kept to the microsecond, as a step's metrics are: finer digits are noise in every line. */
function toMicroseconds(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
