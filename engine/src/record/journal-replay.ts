import type { ExecutionMetrics } from "../runtime/metrics";
import { fanOutStatus } from "../runtime/fan-out";
import type { StepStatus, WorkflowStatus } from "../runtime/status";
import type { UndoRecipe } from "../runtime/step";
import type { StepOutcomeDetails } from "../runtime/step-outcome-details";
import type {
  JournalEvent,
  JournalStepInfo,
  RunFinishedEvent,
  RunStartedEvent,
} from "./journal-event";
import type { EventSink } from "./journal-writer";
import { groupByCall } from "./call-group-order";
import { CALL_SEPARATOR } from "../language/workflow-call";
import type { RecordedProcess } from "./leftover-processes";
import { plainObjectMaker } from "../runtime/plain-object-maker";

/** What the journal says about one step. */
export interface ReplayedStep extends StepOutcomeDetails {
  /** As declared, or as the fan-out recorded it (for a step met undeclared, see {@link JournalReplay.recordUndo}). */
  info: JournalStepInfo;
  /** Position in the run's step list (declaration order). */
  readonly index: number;
  /** An intent (`step_started`) was recorded: the step may have had an effect. */
  started: boolean;
  /**
   * It succeeded, yet no intent of it was read: the line that held it is
   * damaged, and with it the undo it recorded. Still a step that ran.
   */
  startLost?: true;
  /** Attempts whose intent was recorded. */
  attemptsStarted: number;
  /** How the step is undone, as recorded with its last intent (or with its outcome, when it waited for its output). */
  undo?: UndoRecipe;
  /**
   * Rollback data per attempt, in attempt order (`undefined` where an attempt
   * recorded none): each attempt is undone with its own data, the last first.
   */
  attemptData: unknown[];
  /** The outcome (`step_finished`); absent for a step that never finished (the run was killed). */
  status?: StepStatus;
  attempts: number;
  metrics?: ExecutionMetrics;
  /** Order of its outcome among all outcomes; a step that never finished counts as the last. */
  finishOrder: number;
  /** Order of its first intent. */
  startOrder: number;
  /** The last undo of the step: done, or failed with `undoError`. */
  undoStatus?: "rolled_back" | "rollback_failed";
  undoError?: string;
  /** Started after the run failed, to handle it: a rollback keeps what it did. */
  afterFailure?: true;
  /** A fan-out step's instances, in item order (`step_fanned_out`). */
  instances?: ReplayedStep[];
  /**
   * The process groups its run and its undos started (`step_process`), in
   * order: what is left of them is stopped before the step is undone.
   */
  processes?: RecordedProcess[];
}

/** Which steps a rollback undoes now, and what it leaves. */
export interface UndoPlan {
  /** To undo, in the order to undo them: reverse order of completion (a step still running counts as the last). */
  toUndo: ReplayedStep[];
  /** Completed but irreversible: left as they are, so a rollback is partial. */
  irreversible: ReplayedStep[];
  /** Undone already. */
  undone: ReplayedStep[];
}

/**
 * The state of a run, replayed from its journal events — the one place that
 * says which steps are left to undo. The live run feeds it its own events as
 * they happen; `rollbackRun`, the CLI and the editor feed it a journal read
 * from disk. The rules:
 *
 * - a step that **completed** is undone when it is reversible;
 * - a step that is **half-done** — its intent was recorded and it did not
 *   succeed (it failed, timed out, was cancelled or killed) — is undone like a
 *   completed one when it may have had an effect: it recorded rollback data
 *   (the built-ins do, before their effect), or its undo is a `rollback`
 *   action as written (which must tolerate a half-done step). One that had
 *   no effect yet is left `failed`;
 * - **effect-free** steps (`sleep`, `log`, `rollback: none`) have nothing to
 *   undo and never make a rollback partial;
 * - a step is undone once: a later rollback skips it, and retries one whose
 *   undo failed.
 */
export class JournalReplay {
  start: RunStartedEvent | undefined;
  finished: RunFinishedEvent | undefined;
  /** The run that resumed this one: it owns this run's completed steps now. */
  resumedBy: string | undefined;
  /** The status the last rollback left the run in. */
  private rolledBackStatus: WorkflowStatus | undefined;
  /**
   * A rollback with steps to undo started and recorded no end (neither its
   * `rollback_finished` nor the run's `run_finished`): it was killed.
   */
  rollbackUnended = false;
  /** Steps by id: built on the first lookup the cursor misses (a chain of steps never needs it). */
  private byId: Map<string, ReplayedStep> | undefined;
  /** Steps met in the journal before (or without) any line declaring them. */
  private readonly undeclared = new Set<ReplayedStep>();
  private readonly list: ReplayedStep[] = [];
  /** Index of the step looked up last: the next event is most often about it or a neighbour. */
  private cursor = 0;
  private finishes = 0;
  private starts = 0;
  /** Ids undone, in the order their undo was recorded. */
  readonly undoneOrder: string[] = [];

  /** Replays `events` in order. */
  static of(events: Iterable<JournalEvent>): JournalReplay {
    const replay = new JournalReplay();
    for (const event of events) replay.apply(event);
    return replay;
  }

  /** Takes one event into account. */
  apply(event: JournalEvent): void {
    switch (event.type) {
      case "run_started":
        this.start = event;
        for (const info of event.steps) this.add(info);
        return;
      case "step_started": {
        const s = this.step(event.step);
        if (!s.started) s.startOrder = this.starts++;
        s.started = true;
        s.attemptsStarted = event.attempt;
        s.attempts = event.attempt;
        // A journal that restarts its attempts forgets the later ones' data.
        if (s.attemptData.length > event.attempt) s.attemptData.length = event.attempt;
        if (event.undo) this.recordUndo(s, event.undo);
        // Known from the intent: a handler killed before its outcome is still kept by a rollback.
        if (event.afterFailure) s.afterFailure = true;
        return;
      }
      case "step_rollback_data": {
        const s = this.step(event.step);
        ownData(s)[Math.max(0, s.attemptsStarted - 1)] = event.data;
        return;
      }
      case "step_process": {
        const p: RecordedProcess = { pid: event.pid };
        if (event.startTicks !== undefined) p.startTicks = event.startTicks;
        (this.step(event.step).processes ??= []).push(p);
        return;
      }
      case "step_finished": {
        const s = this.step(event.step);
        s.status = event.status;
        s.finishOrder = this.finishes++;
        s.attempts = event.attempts;
        s.metrics = event.metrics;
        if (event.error !== undefined) s.error = event.error;
        if (event.output !== undefined) s.output = event.output;
        if (event.log !== undefined) s.log = event.log;
        if (event.fingerprint !== undefined) s.fingerprint = event.fingerprint;
        if (event.reusedFrom !== undefined) s.reusedFrom = event.reusedFrom;
        if (event.changedSince !== undefined) s.changedSince = event.changedSince;
        if (event.upToDate) s.upToDate = true;
        if (event.reason !== undefined) s.reason = event.reason;
        if (event.worker !== undefined) s.worker = event.worker;
        if (event.undo) this.recordUndo(s, event.undo);
        // Only a step that ran succeeds with attempts (a failure may come before any intent).
        if (!s.started && event.status === "success" && event.attempts > 0) s.startLost = true;
        if (event.afterFailure) s.afterFailure = true;
        // Data returned only with the outcome (a class step's result) belongs to its last attempt.
        const last = Math.max(0, s.attemptsStarted - 1);
        if (event.rollbackData !== undefined && s.attemptData[last] === undefined)
          ownData(s)[last] = event.rollbackData;
        // Its job never reached a worker: what it recorded to undo that attempt has nothing to undo.
        if (event.neverStarted && s.attemptData[last] !== undefined) ownData(s)[last] = undefined;
        return;
      }
      case "step_fanned_out": {
        const instances = event.instances.map((info) => this.get(info.id) ?? this.add(info));
        this.step(event.step).instances = instances;
        return;
      }
      case "step_rolled_back": {
        const s = this.step(event.step);
        s.undoStatus = event.status;
        if (event.status === "rolled_back") {
          // Only a step whose earlier undo failed has one (a delete of nothing still costs a call).
          if (s.undoError !== undefined) delete s.undoError;
          this.undoneOrder.push(s.info.id);
        } else if (event.error !== undefined) s.undoError = event.error;
        return;
      }
      case "rollback_started":
        // One with nothing to undo records no end: it leaves nothing open.
        if (event.steps.length > 0) this.rollbackUnended = true;
        return;
      case "run_finished":
        this.finished = event;
        this.rollbackUnended = false;
        return;
      case "rollback_finished":
        this.rolledBackStatus = event.status;
        this.rollbackUnended = false;
        return;
      case "run_resumed":
        this.resumedBy = event.by;
        return;
      default:
        return;
    }
  }

  /** Every step, in declaration order (steps the journal names but did not declare come last). */
  steps(): readonly ReplayedStep[] {
    return this.list;
  }

  /** The step with this id, if the journal knows it. */
  get(id: string): ReplayedStep | undefined {
    // The engine's runs have unique ids; of a damaged journal's duplicates, the cursor's may be found.
    const list = this.list;
    const here = list[this.cursor];
    if (here !== undefined && here.info.id === id) return here;
    const next = list[this.cursor + 1];
    if (next !== undefined && next.info.id === id) {
      this.cursor++;
      return next;
    }
    // A rollback of a chain goes backwards: the step before.
    const before = list[this.cursor - 1];
    if (before !== undefined && before.info.id === id) {
      this.cursor--;
      return before;
    }
    const found = this.index().get(id);
    if (found) this.cursor = found.index;
    return found;
  }

  private index(): Map<string, ReplayedStep> {
    if (this.byId) return this.byId;
    const byId = new Map<string, ReplayedStep>();
    for (const s of this.list) byId.set(s.info.id, s);
    return (this.byId = byId);
  }

  /** What a rollback undoes now, and what it leaves. */
  undoPlan(): UndoPlan {
    const plan: UndoPlan = { toUndo: [], irreversible: [], undone: [] };
    for (const s of this.list) {
      if (s.undoStatus === "rolled_back") {
        plan.undone.push(s);
        continue;
      }
      const need = undoNeed(s);
      if (need === "undo") plan.toUndo.push(s);
      else if (need === "irreversible") plan.irreversible.push(s);
    }
    plan.toUndo.sort((a, b) => b.finishOrder - a.finishOrder || b.startOrder - a.startOrder);
    plan.toUndo = groupByCall(plan.toUndo, (s) => s.info.id);
    return plan;
  }

  /** Whether a rollback would undo this step now. */
  isLeftToUndo(id: string): boolean {
    const s = this.get(id);
    return s !== undefined && s.undoStatus !== "rolled_back" && undoNeed(s) === "undo";
  }

  /** The status a step has in the record now. */
  stepStatus(s: ReplayedStep): StepStatus {
    if (s.instances && s.status)
      return fanOutStatus(
        s.status,
        s.instances.map((i) => this.stepStatus(i)),
      );
    if (s.undoStatus) return s.undoStatus;
    if (s.status) return s.status;
    if (!s.started) return "not_run";
    return this.joinedCall(s) ? "success" : "failed";
  }

  /**
   * Whether the run ended while this step ran: its intent was recorded, not
   * its outcome. Not so for a step that called a workflow once every step it
   * called ended: it does nothing of its own but join them, and cannot fail
   * (see `WorkflowCallStep`), so it had ended too — only its line was not
   * written. A step with work of its own may have been cut anywhere in it.
   */
  interrupted(s: ReplayedStep): boolean {
    return s.started && s.status === undefined && !this.joinedCall(s);
  }

  /**
   * A calling step whose called steps all have an outcome. The record knows a
   * calling step by its needs: only the steps it called, named
   * `<its id>/<step>` (a step id never holds the separator, so no other step
   * can need those alone).
   */
  private joinedCall(s: ReplayedStep): boolean {
    const needs = s.info.needs;
    if (!s.info.effectFree || needs.length === 0) return false;
    const prefix = s.info.id + CALL_SEPARATOR;
    return needs.every((id) => id.startsWith(prefix) && this.get(id)?.status !== undefined);
  }

  /** The run's status: as its last rollback left it, or as it ended; undefined for a run that never ended. */
  runStatus(): WorkflowStatus | undefined {
    return this.rolledBackStatus ?? this.finished?.status;
  }

  private add(info: JournalStepInfo): ReplayedStep {
    // The outcome's two fields every finished step gets, and the status each undo sets, are
    // made here, empty: set later, they would give each step an out-of-object property array.
    const s = new NewStep(info, this.list.length);
    this.byId?.set(info.id, s);
    this.list.push(s);
    return s;
  }

  private step(id: string): ReplayedStep {
    const known = this.get(id);
    if (known) return known;
    const s = this.add({ id, needs: [], reversible: false });
    this.undeclared.add(s);
    return s;
  }

  /**
   * Keeps the undo a step recorded. A step met undeclared (an instance whose
   * `step_fanned_out` line is damaged) is taken as irreversible until a line
   * of its own records an undo: only a reversible one records one. A declared
   * step keeps what its declaration says (a remote step records how to reach
   * its worker whether or not it can be undone).
   */
  private recordUndo(s: ReplayedStep, undo: UndoRecipe): void {
    s.undo = undo;
    if (this.undeclared.has(s) && !s.info.reversible) s.info = { ...s.info, reversible: true };
  }
}

/**
 * The order of a step that has not finished (or started): after every real
 * one. A small integer rather than Infinity, so the field holds no boxed number.
 */
const NOT_YET = 2 ** 30 - 1;

/**
 * A step as the replay first knows it, a plain object. Made by a
 * constructor, not a literal: a run keeps one per step (see plainObjectMaker).
 */
const NewStep = plainObjectMaker(function (
  this: ReplayedStep,
  info: JournalStepInfo,
  index: number,
) {
  this.info = info;
  (this as { index: number }).index = index;
  this.started = false;
  this.attemptsStarted = 0;
  this.attemptData = NO_DATA;
  this.status = undefined;
  this.attempts = 0;
  this.metrics = undefined;
  this.finishOrder = NOT_YET;
  this.startOrder = NOT_YET;
  this.undoStatus = undefined;
});

/** The attempt data of a step that recorded none: one array for them all (most steps never record any). */
const NO_DATA: unknown[] = Object.freeze([]) as unknown as unknown[];

/** The step's own array of attempt data, made on its first write. */
function ownData(s: ReplayedStep): unknown[] {
  if (s.attemptData === NO_DATA) s.attemptData = [];
  return s.attemptData;
}

/** Whether a step not undone yet is to be undone, left as irreversible, or has nothing to undo. */
function undoNeed(s: ReplayedStep): "undo" | "irreversible" | "nothing" {
  if (!(s.started || s.startLost) || s.info.effectFree || s.afterFailure) return "nothing";
  if (s.status === "success") return s.info.reversible ? "undo" : "irreversible";
  if (s.status === "skipped" || s.status === "not_run") return "nothing";
  // Half-done: failed, timed out, cancelled, or never finished (killed).
  if (!s.info.reversible) return "nothing";
  return mayHaveHadEffect(s) ? "undo" : "nothing";
}

/** A half-done step's effect may have begun: it recorded rollback data, or its undo is an action as written. */
function mayHaveHadEffect(s: ReplayedStep): boolean {
  if (s.undo && s.undo.kind !== "undo") return true;
  return s.attemptData.some((d) => d !== undefined);
}

/**
 * The rollback data of each undo call a step needs, in the order to make
 * them: an automatic undo runs once per attempt that recorded data, the last
 * attempt first (each attempt backed up what the one before it left); an
 * explicit rollback runs once, with the last data recorded.
 */
export function undoCalls(s: ReplayedStep): unknown[] {
  // One attempt (almost every step): its data, or none, whatever the undo; no filtered copy.
  if (s.attemptData.length === 1) return [s.attemptData[0]];
  const recorded = s.attemptData.filter((d) => d !== undefined);
  if (s.undo && s.undo.kind !== "undo") return [recorded[recorded.length - 1]];
  return recorded.length ? recorded.reverse() : [undefined];
}

/** A sink that feeds a replay: the live run's view of its own journal. */
export function replaySink(replay: JournalReplay): EventSink {
  return { emit: (event) => replay.apply(event), close() {} };
}
