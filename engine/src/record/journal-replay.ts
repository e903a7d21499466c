import { declaredStepsOf } from "./declared-steps";
import { ReplayedStepInfos } from "./replayed-step-infos";
import { plainOutcomeEvent, type PlainOutcome } from "./plain-outcome";
import type { ExecutionMetrics } from "../runtime/metrics";
import { fanOutStatus, parseInstanceId } from "../runtime/fan-out";
import type { StepStatus, WorkflowStatus } from "../runtime/status";
import type { UndoRecipe } from "../runtime/step";
import type { StepOutcomeDetails } from "../runtime/step-outcome-details";
import type {
  EarlierAttempts,
  JournalEvent,
  JournalStepInfo,
  RollbackStartedEvent,
  RunFinishedEvent,
  RunStartedEvent,
  StepFinishedEvent,
  StepStartedEvent,
  UndoneBeforeFailing,
} from "./journal-event";
import { groupByCall } from "./call-group-order";
import { CALL_SEPARATOR } from "../language/workflow-call";
import type { RecordedProcess } from "./leftover-processes";
import { plainObjectMaker } from "../runtime/plain-object-maker";
import {
  AFTER_FAILURE,
  isColumnCount,
  NOT_YET,
  ReplayColumns,
  STARTED,
  statusCode,
} from "./replay-columns";

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
  /** Its last undo was given up (`givenUp`) by this rollback: it may have stopped part-way. */
  undoGivenUpBy?: RollbackStartedEvent;
  /** Started after the run failed, to handle it: a rollback keeps what it did. */
  afterFailure?: true;
  /** A fan-out step's instances, in item order (`step_fanned_out`). */
  instances?: ReplayedStep[];
  /**
   * The process groups its run and its undos started (`step_process`), in
   * order: what is left of them is stopped before the step is undone.
   */
  processes?: RecordedProcess[];
  /**
   * What the runs this one resumed did in the step and left to undo
   * (`step_earlier_attempts`), oldest first: undone after the step's own
   * attempts, the latest first.
   */
  earlier?: EarlierAttempts[];
  /**
   * Its own attempts were undone by a rollback whose undo of its earlier
   * attempts then failed (`undoneBeforeFailing`): a later rollback undoes
   * only the earlier attempts left.
   */
  ownUndone?: true;
}

/**
 * An earlier undo of a step that stopped part-way: the next rollback runs it
 * again from its start (an undo must be safe to repeat), and says so.
 */
export interface UnfinishedUndo {
  /** The rollback that ran it, as its `rollback_started` line says (when, and why: a run's own, or `manual`). */
  rollback: RollbackStartedEvent;
  /**
   * `killed`: that rollback recorded no end of the undo, nor its own — it was
   * killed while the undo ran (or while it stopped what the step left
   * running, just before); `given_up`: it gave the undo up (its
   * `rollback_timeout`, or the rollback was stopped).
   */
  how: "killed" | "given_up";
}

/**
 * A rollback whose end is not recorded yet, and the index in its list of the
 * next step whose undo it has not recorded: its undos run one at a time in
 * that order, so when it was killed, that is the undo it cut off.
 */
interface OpenRollback {
  readonly event: RollbackStartedEvent;
  next: number;
}

/** Which steps a rollback undoes now, and what it leaves. */
export interface UndoPlan {
  /** To undo, in the order to undo them: reverse order of completion (a step still running counts as the last). */
  toUndo: ReplayedStep[];
  /** Completed but irreversible: left as they are, so a rollback is partial. */
  irreversible: ReplayedStep[];
  /** Undone already. */
  undone: ReplayedStep[];
  /**
   * Stopped part-way (failed, cancelled, killed) without a trace of an
   * effect to undo: no rollback data recorded and no undo written as an
   * action — a step whose undo is its `rollback()` code and that was stopped
   * before it `remember`ed anything. By the rule a rollback follows (an undo
   * runs only from recorded data or an action as written) it is left as it
   * is, on the assumption that its effect had not begun; a report names it,
   * as it may have.
   */
  halfDoneLeft: ReplayedStep[];
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
  /** The process that resumed it, as its `run_resumed` line says (see `resumingRunOf`). */
  resumedByProcess: { pid: number; startTicks?: number } | undefined;
  /** The status the last rollback left the run in. */
  private rolledBackStatus: WorkflowStatus | undefined;
  /**
   * A rollback with steps to undo started and recorded no end (neither its
   * `rollback_finished` nor the run's `run_finished`): it was killed.
   */
  rollbackUnended = false;
  /** Rollbacks with undos whose outcomes are not all recorded and whose end is not (see {@link unfinishedUndo}). */
  private openRollbacks: OpenRollback[] | undefined;
  /** The rollback that started last: an undo given up is its. */
  private lastRollback: RollbackStartedEvent | undefined;
  /** Step indexes by id: built on the first lookup the cursor misses (a chain of steps never needs it). */
  private byId: Map<string, number> | undefined;
  /** Steps met in the journal before (or without) any line declaring them. */
  private readonly undeclared = new Set<ReplayedStep>();
  /** Each step's id and info, by index (declaration order, then steps met later). */
  private readonly infos = new ReplayedStepInfos();
  /**
   * Each step's object, by index, once made: asked for, or needed by an
   * event the columns cannot hold. From then on the object is the step's
   * state; before, {@link columns} are.
   */
  private readonly objects: (ReplayedStep | undefined)[] = [];
  private readonly columns = new ReplayColumns();
  /** Index of the step looked up last: the next event is most often about it or a neighbour. */
  private cursor = 0;
  private finishes = 0;
  private starts = 0;
  /**
   * Ids undone, in the order their undo was recorded — also a step whose undo
   * undid only its earlier attempts (see {@link rolledBackOrder}).
   */
  readonly undoneOrder: string[] = [];

  /** Replays `events` in order. */
  static of(events: Iterable<JournalEvent>): JournalReplay {
    const replay = new JournalReplay();
    for (const event of events) replay.apply(event);
    return replay;
  }

  /** Takes one event into account. */
  apply(event: JournalEvent): void {
    // A step's start and end first: two of every step's events, compared in order.
    switch (event.type) {
      case "step_started": {
        const i = this.stepIndex(event.step);
        if (this.objects[i] === undefined && plainStart(event)) {
          this.startInColumns(i, event.attempt, event.afterFailure === true);
          return;
        }
        const s = this.object(i);
        if (!s.started) {
          s.startOrder = this.starts++;
          // Ordered by its earlier attempts until now: from here, as any step that started.
          if (s.earlier !== undefined && s.status === undefined) s.finishOrder = NOT_YET;
        }
        s.started = true;
        s.attemptsStarted = event.attempt;
        s.attempts = event.attempt;
        // A journal that restarts its attempts forgets the later ones' data (a damaged line's
        // attempt below 0 forgets nothing: it is no length).
        if (s.attemptData.length > event.attempt && event.attempt >= 0)
          s.attemptData.length = Math.floor(event.attempt);
        if (event.undo) this.recordUndo(s, event.undo);
        // Known from the intent: a handler killed before its outcome is still kept by a rollback.
        if (event.afterFailure) s.afterFailure = true;
        return;
      }
      case "step_rollback_data": {
        const s = this.step(event.step);
        ownData(s)[attemptSlot(s)] = event.data;
        return;
      }
      case "step_process": {
        const p: RecordedProcess = { pid: event.pid };
        if (event.startTicks !== undefined) p.startTicks = event.startTicks;
        // A rollback killed mid-undo left it: the next one says so when it stops it.
        if (event.undo === true) p.undo = true;
        (this.step(event.step).processes ??= []).push(p);
        return;
      }
      case "step_finished": {
        // A step a rollback found never started: that undo ended.
        if (this.openRollbacks !== undefined && event.neverStarted) this.undoEnded(event.step);
        const i = this.stepIndex(event.step);
        if (
          this.objects[i] === undefined &&
          plainFinish(event) &&
          this.finishInColumns(
            i,
            event.status,
            event.attempts,
            event.metrics,
            event.afterFailure === true,
          )
        )
          return;
        const s = this.object(i);
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
        // Data returned with the outcome (a class step's result) is its last attempt's last word:
        // it replaces what that attempt remember()ed before its effect (the outcome holds data only
        // when it is not that), as a later remember() would.
        const last = attemptSlot(s);
        if (event.rollbackData !== undefined) ownData(s)[last] = event.rollbackData;
        // Its job never reached a worker: what it recorded to undo that attempt has nothing to undo.
        if (event.neverStarted && s.attemptData[last] !== undefined) ownData(s)[last] = undefined;
        return;
      }
      case "run_started":
        this.start = event;
        this.addAll(event);
        return;
      case "step_fanned_out": {
        const instances = event.instances.map(
          (info) => this.get(info.id) ?? this.object(this.add(info)),
        );
        this.step(event.step).instances = instances;
        return;
      }
      case "step_earlier_attempts": {
        const known = this.indexOf(event.step);
        const s = this.object(known ?? this.add({ ...event.info, id: event.step }));
        // Taken over by a run that never started the step: undone where the line stands.
        if (!s.started && s.status === undefined && s.earlier === undefined)
          s.finishOrder = this.finishes++;
        const earlier: EarlierAttempts = { from: event.from, attempts: event.attempts };
        if (event.undo !== undefined) earlier.undo = event.undo;
        (s.earlier ??= []).push(earlier);
        return;
      }
      case "step_rolled_back": {
        const s = this.step(event.step);
        s.undoStatus = event.status;
        if (this.openRollbacks !== undefined) this.undoEnded(event.step);
        // Only a step whose undo was given up has one (a delete of nothing still costs a call).
        if (s.undoGivenUpBy !== undefined && !event.givenUp) delete s.undoGivenUpBy;
        if (event.status === "rolled_back") {
          // Only a step whose earlier undo failed has one (a delete of nothing still costs a call).
          if (s.undoError !== undefined) delete s.undoError;
          this.undoneOrder.push(s.info.id);
          return;
        }
        if (event.error !== undefined) s.undoError = event.error;
        if (event.givenUp && this.lastRollback !== undefined) s.undoGivenUpBy = this.lastRollback;
        if (event.undoneBeforeFailing) undoneBeforeFailing(s, event.undoneBeforeFailing);
        return;
      }
      case "rollback_started":
        // One with nothing to undo records no end: it leaves nothing open.
        if (event.steps.length > 0) {
          this.rollbackUnended = true;
          (this.openRollbacks ??= []).push({ event, next: 0 });
          this.lastRollback = event;
        }
        return;
      case "run_finished":
        this.finished = event;
        this.rollbackUnended = false;
        // The run's own rollbacks ended with it: an undo they did not start never ran.
        this.openRollbacks = undefined;
        return;
      case "rollback_finished":
        this.rolledBackStatus = event.status;
        this.rollbackUnended = false;
        // The rollback that ended is the last one started; one killed before it stays open.
        this.openRollbacks?.pop();
        if (this.openRollbacks?.length === 0) this.openRollbacks = undefined;
        return;
      case "run_resumed":
        this.resumedBy = event.by;
        this.resumedByProcess =
          typeof event.pid === "number"
            ? {
                pid: event.pid,
                ...(typeof event.pidStartTicks === "number"
                  ? { startTicks: event.pidStartTicks }
                  : {}),
              }
            : undefined;
        return;
      default:
        return;
    }
  }

  /**
   * How the last undo of `s` stopped part-way, when it did: a rollback was
   * killed while it ran (the first step of that rollback's list whose undo
   * it did not record: they run one at a time, in that order), or gave it
   * up. The next rollback runs it again from its start.
   */
  unfinishedUndo(s: ReplayedStep): UnfinishedUndo | undefined {
    const open = this.openRollbacks;
    if (open !== undefined)
      for (let i = open.length - 1; i >= 0; i--) {
        const r = open[i]!;
        if (r.event.steps[r.next] === s.info.id) return { rollback: r.event, how: "killed" };
      }
    return s.undoGivenUpBy === undefined
      ? undefined
      : { rollback: s.undoGivenUpBy, how: "given_up" };
  }

  /** The undo of `stepId` ended (recorded): each open rollback that was at it goes on to its next. */
  private undoEnded(stepId: string): void {
    const open = this.openRollbacks!;
    for (let i = open.length - 1; i >= 0; i--) {
      const r = open[i]!;
      if (r.event.steps[r.next] !== stepId) continue;
      if (++r.next === r.event.steps.length) open.splice(i, 1);
    }
    if (open.length === 0) this.openRollbacks = undefined;
  }

  /** Every step, in declaration order (steps the journal names but did not declare come last). */
  steps(): readonly ReplayedStep[] {
    for (let i = 0; i < this.infos.length; i++) this.object(i);
    return this.objects as ReplayedStep[];
  }

  /**
   * `read` of every step as it stands, in the order of {@link steps}, to read
   * once (result.json): a step without an object is given one made for the
   * call and kept nowhere — after a run of many steps, no object per step is
   * kept, nor are they all alive at once. Changing it changes nothing.
   */
  mapSteps<T>(read: (s: ReplayedStep) => T): T[] {
    const mapped = new Array<T>(this.infos.length);
    for (let i = 0; i < mapped.length; i++)
      mapped[i] = read(this.objects[i] ?? this.fromColumns(i));
    return mapped;
  }

  /** Every step's info, in the order of {@link steps}. */
  stepInfos(): readonly JournalStepInfo[] {
    return this.infos.all();
  }

  /** The step with this id, if the journal knows it. */
  get(id: string): ReplayedStep | undefined {
    const i = this.indexOf(id);
    return i === undefined ? undefined : this.object(i);
  }

  /** The index of the step with this id, if the journal knows it. */
  private indexOf(id: string): number | undefined {
    // The engine's runs have unique ids; of a damaged journal's duplicates, the cursor's may be found.
    const infos = this.infos;
    const cursor = this.cursor;
    if (infos.idIfAny(cursor) === id) return cursor;
    if (infos.idIfAny(cursor + 1) === id) return ++this.cursor;
    // A rollback of a chain goes backwards: the step before.
    if (cursor > 0 && infos.id(cursor - 1) === id) return --this.cursor;
    const found = this.index().get(id);
    if (found !== undefined) this.cursor = found;
    return found;
  }

  private index(): Map<string, number> {
    if (this.byId) return this.byId;
    const byId = new Map<string, number>();
    for (let i = 0; i < this.infos.length; i++) byId.set(this.infos.id(i), i);
    return (this.byId = byId);
  }

  /** Step `index`'s object, made from its columns the first time. */
  private object(index: number): ReplayedStep {
    return (this.objects[index] ??= this.fromColumns(index));
  }

  private fromColumns(index: number): ReplayedStep {
    const c = this.columns;
    const s = new NewStep(this.infos.info(index), index);
    const flags = c.flags[index]!;
    s.started = (flags & STARTED) !== 0;
    s.attemptsStarted = c.attemptsStarted[index]!;
    s.attempts = c.attempts[index]!;
    s.status = c.status(index);
    s.metrics = c.metrics[index];
    s.finishOrder = c.finishOrder[index]!;
    s.startOrder = c.startOrder[index]!;
    if ((flags & AFTER_FAILURE) !== 0) s.afterFailure = true;
    return s;
  }

  /**
   * Takes into account a plain intent (see `EventSink.emitStarted`): as
   * {@link apply} would its `step_started` event, with no event made for it
   * unless the step has an object.
   */
  applyStarted(step: string, time: number, attempt: number): void {
    const i = this.stepIndex(step);
    if (this.objects[i] === undefined && isColumnCount(attempt))
      this.startInColumns(i, attempt, false);
    else this.apply({ type: "step_started", time, step, attempt });
  }

  /**
   * Takes into account a {@link PlainOutcome}: as {@link apply} would its
   * `step_finished` event, with no event made for it when the columns take it.
   */
  applyOutcome(outcome: PlainOutcome): void {
    const i = this.stepIndex(outcome.stepId);
    const o = outcome;
    if (
      this.objects[i] !== undefined ||
      !this.finishInColumns(i, o.status, o.attempts, o.metrics, false)
    )
      this.apply(plainOutcomeEvent(o));
  }

  /** A `step_started` that says no more than the columns hold (see {@link plainStart}), of a step without an object. */
  private startInColumns(i: number, attempt: number, afterFailure: boolean): void {
    const c = this.columns;
    const flags = c.flags[i]!;
    if ((flags & STARTED) === 0) c.startOrder[i] = this.starts++;
    c.flags[i] = flags | STARTED | (afterFailure ? AFTER_FAILURE : 0);
    c.attemptsStarted[i] = attempt;
    c.attempts[i] = attempt;
  }

  /**
   * A `step_finished` of a step without an object, kept in the columns when
   * it says no more than they hold: false (nothing done) otherwise.
   */
  private finishInColumns(
    i: number,
    status: string,
    attempts: number,
    metrics: ExecutionMetrics,
    afterFailure: boolean,
  ): boolean {
    const c = this.columns;
    const code = statusCode(status);
    if (code === undefined || !isColumnCount(attempts)) return false;
    // Succeeded with attempts, yet no intent read: the object keeps that it lost its start.
    const started = (c.flags[i]! & STARTED) !== 0;
    if (!started && status === "success" && attempts > 0) return false;
    c.statuses[i] = code;
    c.finishOrder[i] = this.finishes++;
    c.attempts[i] = attempts;
    c.metrics[i] = metrics;
    if (afterFailure) c.flags[i] = c.flags[i]! | AFTER_FAILURE;
    return true;
  }

  /** What a rollback undoes now, and what it leaves. */
  undoPlan(): UndoPlan {
    const plan: UndoPlan = { toUndo: [], irreversible: [], undone: [], halfDoneLeft: [] };
    for (const s of this.steps()) {
      if (s.undoStatus === "rolled_back") {
        plan.undone.push(s);
        // Only its earlier attempts were undone: what it did here is left, as any irreversible step's.
        if (ownAttemptsKept(s) && undoNeed(s) === "irreversible") plan.irreversible.push(s);
        continue;
      }
      const need = undoNeed(s);
      if (ownAttemptsToUndo(s) || hasEarlierToUndo(s)) plan.toUndo.push(s);
      if (need === "irreversible") plan.irreversible.push(s);
      else if (need === "nothing" && leftWithoutTrace(s)) plan.halfDoneLeft.push(s);
    }
    plan.toUndo.sort((a, b) => b.finishOrder - a.finishOrder || b.startOrder - a.startOrder);
    plan.toUndo = groupByCall(this.dependentsFirst(plan.toUndo), (s) => s.info.id);
    return plan;
  }

  /**
   * `order` with every step after the steps that need it. The reverse of
   * completion is that already, unless an outcome line is lost (a damaged
   * line, a kill): such a step counts as the last to end, yet the steps
   * that needed it started after it ended — they are undone first. Checked
   * in one pass; reordered only when it does not hold.
   */
  private dependentsFirst(order: ReplayedStep[]): ReplayedStep[] {
    const position = new Int32Array(this.infos.length).fill(-1);
    for (let i = 0; i < order.length; i++) position[order[i]!.index] = i;
    const needed = (s: ReplayedStep): ReplayedStep[] => {
      const found: ReplayedStep[] = [];
      for (const id of s.info.needs) {
        const i = this.indexOf(id);
        if (i !== undefined && position[i]! >= 0) found.push(order[position[i]!]!);
      }
      return found;
    };
    // The check makes nothing: a rollback of 100,000 steps runs it once per step.
    for (let i = 0; i < order.length; i++)
      for (const id of order[i]!.info.needs) {
        const at = this.indexOf(id);
        if (at !== undefined && position[at]! >= 0 && position[at]! < i)
          return dependentsBefore(order, needed);
      }
    return order;
  }

  /** Whether a rollback would undo this step now. */
  isLeftToUndo(id: string): boolean {
    const s = this.get(id);
    return (
      s !== undefined &&
      s.undoStatus !== "rolled_back" &&
      (ownAttemptsToUndo(s) || hasEarlierToUndo(s))
    );
  }

  /** The status a step has in the record now. */
  stepStatus(s: ReplayedStep): StepStatus {
    const own = s.instances && (s.status ?? this.cutFanOutStatus(s));
    if (s.instances && own)
      return fanOutStatus(
        own,
        s.instances.map((i) => ({
          id: i.info.id,
          status: this.stepStatus(i),
          failed: i.status === "failed",
        })),
      );
    // Undone only in its earlier attempts: it reads as its own attempt ended, which stays.
    if (s.undoStatus && !(s.undoStatus === "rolled_back" && ownAttemptsKept(s)))
      return s.undoStatus;
    return this.endedStatus(s);
  }

  /**
   * The status of a step the run never started (the engine's result of the
   * run reads it here too): `not_run`, but for a calling step kept from
   * joining its call by a called step that failed (`failed`) or was
   * cancelled (`cancelled`): its call ran and ended so, and its row says so.
   */
  unstartedStatus(id: string): StepStatus {
    const s = this.peek(id);
    return (s && this.unjoinedCall(s)) ?? "not_run";
  }

  /** The step with this id as {@link get} gives it, without keeping it as an object (see `mapSteps`). */
  private peek(id: string): ReplayedStep | undefined {
    const i = this.indexOf(id);
    return i === undefined ? undefined : (this.objects[i] ?? this.fromColumns(i));
  }

  /**
   * How the call of a calling step that never started ended, when one of its
   * called steps (its needs, nested calls' steps too) ended `failed` — also
   * interrupted by a kill — or `cancelled`, whatever was undone since.
   * Undefined for any other step, and for a call none of whose steps failed
   * (stopped before it began, or by another step's failure). `cutFanOuts`:
   * a called fan-out step whose end a kill kept from the record ended as its
   * instances did (see {@link cutFanOutStatus}), as the record reads it after
   * the run; the live run's own results never meet one.
   */
  private unjoinedCall(s: ReplayedStep, cutFanOuts = false): StepStatus | undefined {
    const needs = s.info.needs;
    if (s.started || !s.info.effectFree || needs.length === 0) return undefined;
    const prefix = s.info.id + CALL_SEPARATOR;
    let cancelled = false;
    for (const id of needs) {
      if (!id.startsWith(prefix)) return undefined;
      const called = this.peek(id);
      const ended =
        called?.status ??
        (cutFanOuts && called ? this.cutFanOutStatus(called) : undefined) ??
        (called?.started && !this.joinedCall(called) ? "failed" : undefined);
      if (ended === "failed") return "failed";
      if (ended === "cancelled") cancelled = true;
    }
    return cancelled ? "cancelled" : undefined;
  }

  /**
   * Whether the run ended while this step ran: its intent was recorded, not
   * its outcome. Not so for a step that called a workflow once every step it
   * called ended: it does nothing of its own but join them, and cannot fail
   * (see `WorkflowCallStep`), so it had ended too — only its line was not
   * written. A step with work of its own may have been cut anywhere in it.
   */
  interrupted(s: ReplayedStep): boolean {
    if (s.instances) {
      const cut = this.cutFanOutStatus(s);
      return cut !== undefined && cut !== "success";
    }
    return s.started && s.status === undefined && !this.joinedCall(s);
  }

  /**
   * How a fan-out step of a run killed before its own end was written ended,
   * from its instances (it has no intent of its own: `step_fanned_out` says
   * it was running): `failed` when one of them failed (also cut by the kill)
   * or when the kill came between them, `cancelled` when one was cancelled,
   * `success` when each had ended so (only its line was not written).
   * Undefined for any other step, for one none of whose instances (or their
   * called steps) started in this run, and in a run that recorded its end.
   */
  private cutFanOutStatus(s: ReplayedStep): StepStatus | undefined {
    if (!s.instances || s.status !== undefined || this.finished) return undefined;
    // None started in this run (each reused from a resumed run, or none reached): it never ran here.
    if (!s.instances.some((member) => member.started)) return undefined;
    let cancelled = false;
    let ended = true;
    for (const instance of s.instances) {
      // Its own instances (`deploy[1]`), not the steps a call of one made (`deploy[1]/push`).
      if (parseInstanceId(instance.info.id)?.stepId !== s.info.id) continue;
      const status = this.endedStatus(instance);
      if (status === "failed") return "failed";
      if (status === "cancelled") cancelled = true;
      else if (status !== "success" && status !== "skipped") ended = false;
    }
    return cancelled ? "cancelled" : ended ? "success" : "failed";
  }

  /** How a step's run ended, whatever a rollback did to it since (see {@link stepStatus}). */
  private endedStatus(s: ReplayedStep): StepStatus {
    if (s.status) return s.status;
    if (!s.started) return this.unjoinedCall(s, true) ?? "not_run";
    return this.joinedCall(s) ? "success" : "failed";
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

  /**
   * The steps rolled back, in the order their undo was recorded: those whose
   * undo undid what this run did in them. A step whose undo undid only its
   * earlier attempts (taken over from a resumed run, see
   * {@link earlierUndoneFrom}) is not one: what this run did in it stays, and
   * it reads as it ended.
   */
  rolledBackOrder(): string[] {
    return this.undoneOrder.filter((id) => {
      const s = this.get(id);
      return s === undefined || earlierUndoneFrom(s).length === 0;
    });
  }

  /** The run's status: as its last rollback left it, or as it ended; undefined for a run that never ended. */
  runStatus(): WorkflowStatus | undefined {
    return this.rolledBackStatus ?? this.finished?.status;
  }

  /** A step the journal declares (or names): its index. Its state is in the columns until its object is made. */
  private add(info: JournalStepInfo): number {
    this.columns.ensure(this.infos.length + 1);
    const index = this.infos.add(info);
    this.byId?.set(info.id, index);
    return index;
  }

  /** The steps a run declares, at once: a copy of the list, not a push per step. */
  private addAll(event: RunStartedEvent): void {
    const from = this.infos.length;
    const declared = declaredStepsOf(event);
    if (declared) this.infos.declare(declared);
    else this.infos.addAll(event.steps);
    this.columns.ensure(this.infos.length);
    if (this.byId)
      for (let i = from; i < this.infos.length; i++) this.byId.set(this.infos.id(i), i);
  }

  /** The index of the step an event names; one the journal never declared is added, with its object. */
  private stepIndex(id: string): number {
    const known = this.indexOf(id);
    if (known !== undefined) return known;
    const index = this.add({ id, needs: [], reversible: false });
    this.undeclared.add(this.object(index));
    return index;
  }

  private step(id: string): ReplayedStep {
    return this.object(this.stepIndex(id));
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
    if (this.undeclared.has(s) && !s.info.reversible)
      this.infos.set(s.index, (s.info = { ...s.info, reversible: true }));
  }
}

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

/** A `step_started` the columns hold whole: an attempt number and at most `afterFailure`. */
function plainStart(event: StepStartedEvent): boolean {
  return event.undo === undefined && isColumnCount(event.attempt);
}

/** A `step_finished` the columns hold whole: status, attempts, metrics and at most `afterFailure`. */
function plainFinish(event: StepFinishedEvent): boolean {
  return (
    isColumnCount(event.attempts) &&
    event.error === undefined &&
    event.output === undefined &&
    event.log === undefined &&
    event.fingerprint === undefined &&
    event.reusedFrom === undefined &&
    event.changedSince === undefined &&
    !event.upToDate &&
    event.reason === undefined &&
    event.worker === undefined &&
    event.undo === undefined &&
    event.rollbackData === undefined
  );
}

/** The attempt data of a step that recorded none: one array for them all (most steps never record any). */
const NO_DATA: unknown[] = Object.freeze([]) as unknown as unknown[];

/** Attempt numbers a journal can mean: a damaged line's 2^31 must not make an array that long. */
const MAX_ATTEMPT_SLOT = 1_000_000;

/**
 * Where the data of the step's latest attempt goes in its attempt data: at
 * its number less one; for a damaged attempt number (not a whole number, or
 * past a million), after the data kept so far, which keeps the attempts' order.
 */
function attemptSlot(s: ReplayedStep): number {
  const slot = s.attemptsStarted - 1;
  if (Number.isInteger(slot) && slot >= 0 && slot <= MAX_ATTEMPT_SLOT) return slot;
  return slot < 0 ? 0 : s.attemptData.length;
}

/** The step's own array of attempt data, made on its first write. */
function ownData(s: ReplayedStep): unknown[] {
  if (s.attemptData === NO_DATA) s.attemptData = [];
  return s.attemptData;
}

/**
 * Whether what the step did in this run (its earlier attempts aside) is to be
 * undone: the part of its undo that runs its own undo calls (see
 * {@link undoCalls}) — not when a rollback undid it already and then failed
 * on its earlier attempts ({@link ReplayedStep.ownUndone}).
 */
export function ownAttemptsToUndo(s: ReplayedStep): boolean {
  return undoNeed(s) === "undo" && s.ownUndone === undefined;
}

/**
 * Takes in what a failed undo of step `s` had undone before it failed: its
 * own attempts, and the attempts of the runs named, which are no longer
 * left to undo — a later rollback must not undo them twice.
 */
function undoneBeforeFailing(s: ReplayedStep, undone: UndoneBeforeFailing): void {
  if (undone.own === true) s.ownUndone = true;
  const runs = undone.earlier;
  if (runs !== undefined && s.earlier !== undefined)
    s.earlier = s.earlier.filter((e) => !runs.includes(e.from));
}

/**
 * Whether what the step did in this run stays when its undo runs: it has
 * earlier attempts (taken over from a run this one resumed), it ran here, and
 * as the file declares it now it is irreversible, has nothing to undo
 * (`rollback: none`) or handled a failure. Its undo then undoes only the
 * earlier attempts, and the step reads as its own attempt ended — not
 * `rolled_back` — with the runs whose attempts were undone
 * ({@link earlierUndoneFrom}).
 */
export function ownAttemptsKept(s: ReplayedStep): boolean {
  if (s.earlier === undefined || !(s.started || s.startLost)) return false;
  return !s.info.reversible || s.info.effectFree === true || s.afterFailure === true;
}

/** The runs whose attempts of the step its undo undid, when its own were kept (see {@link ownAttemptsKept}); else none. */
export function earlierUndoneFrom(s: ReplayedStep): string[] {
  return s.undoStatus === "rolled_back" ? earlierOnlyUndone(s) : [];
}

/**
 * The runs whose attempts of the step its undo undoes when what this run did
 * in it stays (see {@link ownAttemptsKept}): what a rollback says it undid,
 * as it undoes it. None when its undo undoes this run's attempt too.
 */
export function earlierOnlyUndone(s: ReplayedStep): string[] {
  if (!ownAttemptsKept(s)) return [];
  const from: string[] = [];
  for (const e of s.earlier!)
    if (earlierUndoCalls(e).length > 0 && !from.includes(e.from)) from.push(e.from);
  return from;
}

/** Whether the step has earlier attempts (taken over from a resumed run) that may have had an effect. */
export function hasEarlierToUndo(s: ReplayedStep): boolean {
  return s.earlier !== undefined && s.earlier.some((e) => earlierUndoCalls(e).length > 0);
}

/**
 * The rollback data of each undo call one run's earlier attempts need, in
 * the order to make them — as {@link undoCalls} for a step's own: an
 * automatic undo once per attempt that recorded data, the last first (none
 * when none did: nothing was changed); an explicit one (an action, code)
 * once, with the last data recorded.
 */
export function earlierUndoCalls(e: EarlierAttempts): unknown[] {
  const recorded: unknown[] = [];
  for (const a of e.attempts) if ("data" in a && a.data !== undefined) recorded.push(a.data);
  if (e.undo === undefined || e.undo.kind !== "undo") return [recorded[recorded.length - 1]];
  return recorded.reverse();
}

/** Whether a step not undone yet is to be undone, left as irreversible, or has nothing to undo (its earlier attempts aside). */
function undoNeed(s: ReplayedStep): "undo" | "irreversible" | "nothing" {
  if (!(s.started || s.startLost) || s.info.effectFree || s.afterFailure) return "nothing";
  if (s.status === "success") return s.info.reversible ? "undo" : "irreversible";
  if (s.status === "skipped" || s.status === "not_run") return "nothing";
  // Half-done: failed, timed out, cancelled, or never finished (killed).
  if (!s.info.reversible) return "nothing";
  return mayHaveHadEffect(s) ? "undo" : "nothing";
}

/**
 * A reversible step stopped part-way whose undo is neither recorded data nor
 * an action as written (see `UndoPlan.halfDoneLeft`). Not a built-in's
 * automatic undo (`kind: "undo"`): it records its data before its effect,
 * so without data its effect never began.
 */
function leftWithoutTrace(s: ReplayedStep): boolean {
  if (!(s.started || s.startLost) || !s.info.reversible || s.info.effectFree || s.afterFailure)
    return false;
  if (s.status === "success" || s.status === "skipped" || s.status === "not_run") return false;
  return s.undo === undefined && !mayHaveHadEffect(s);
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

/**
 * `order` reordered so that each step comes after every step that needs it
 * (depth first: a step's dependents, then the step), otherwise as given.
 * A cycle (only a damaged journal could hold one) is broken where it is met.
 */
function dependentsBefore(
  order: readonly ReplayedStep[],
  needed: (s: ReplayedStep) => ReplayedStep[],
): ReplayedStep[] {
  const dependents = new Map<ReplayedStep, ReplayedStep[]>();
  for (const s of order)
    for (const n of needed(s)) {
      const list = dependents.get(n);
      if (list) list.push(s);
      else dependents.set(n, [s]);
    }
  const placed = new Set<ReplayedStep>();
  const visiting = new Set<ReplayedStep>();
  const result: ReplayedStep[] = [];
  for (const root of order) {
    const stack: { s: ReplayedStep; next: number }[] = [{ s: root, next: 0 }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (placed.has(top.s)) {
        stack.pop();
        continue;
      }
      visiting.add(top.s);
      const waiting = dependents.get(top.s) ?? [];
      const d = waiting[top.next++];
      if (d !== undefined) {
        if (!placed.has(d) && !visiting.has(d)) stack.push({ s: d, next: 0 });
        continue;
      }
      visiting.delete(top.s);
      placed.add(top.s);
      result.push(top.s);
      stack.pop();
    }
  }
  return result;
}
