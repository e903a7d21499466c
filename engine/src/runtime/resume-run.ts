import { basename, dirname, join } from "node:path";
import { shellQuote } from "../commands/shell-quote";
import type { EarlierAttempts, JournalEvent, JournalStepInfo } from "../record/journal-event";
import { readJournal } from "../record/journal-reader";
import { stopLeftoverProcesses, type RecordedProcess } from "../record/leftover-processes";
import { JournalReplay } from "../record/journal-replay";
import { emitTogether, JournalWriter } from "../record/journal-writer";
import { isProcessAlive, ownProcessStamp } from "../record/process-liveness";
import { resumingRunOf } from "../record/resume-mark";
import { JournalReserve } from "../record/journal-reserve";
import { RecordWriteError } from "../record/record-write-error";
import { isCutOutput } from "../record/recorded-output";
import { readResultFile, writeResultFile } from "../record/result-file";
import { acquireRunLock, RunLockBusyError } from "../record/run-lock";
import { runRecordPaths } from "../record/run-paths";
import { UnreadableRecordError } from "../record/unreadable-record-error";
import { unstartedRunFolderReason } from "../record/unstarted-run-folder";
import { reuseEvents } from "./step-reuse";
import { earlierAttemptsOf, earlierEvents } from "./earlier-attempts";
import { unreachedSteps, type ResumingState } from "./unreached-steps";
import type { UndoRecipe } from "./step";

/** A step that succeeded in the run being resumed: what the resuming run takes over when it is unchanged. */
export interface ReusableStep {
  /** The hash of its resolved action then; absent for a step that has none (code steps): never reused. */
  fingerprint?: string;
  output?: unknown;
  /** Its output was cut in the record: the resuming run cannot give later steps the real value. */
  outputCut: boolean;
  undo?: UndoRecipe;
  /** Rollback data per attempt, as the old journal recorded it. */
  attemptData: readonly unknown[];
  /** Started there after the run failed, to handle it: a rollback keeps what it did. */
  afterFailure?: true;
  /** A `for_each` step: its instances are steps of their own, reused one by one. */
  fannedOut?: true;
  /** An instance of that `for_each` step (`convert[0]`). */
  instanceOf?: string;
  /** What the runs before the resumed one did in the step, taken over there: passed on when it is reused. */
  earlier?: EarlierAttempts[];
  /** The step as the resumed run declared it. */
  info: JournalStepInfo;
}

/**
 * A step of the resumed run with something left to undo, which the resuming
 * run takes over as the step's earlier attempts whenever it does not reuse it.
 */
export interface EarlierStep {
  /** The step as the resumed run declared it (the resuming run may have no step of that id). */
  info: JournalStepInfo;
  /** Its earlier attempts there, then its own. */
  attempts: EarlierAttempts[];
}

/**
 * What a resumed run takes from the run it resumes (`momoflow run --resume`):
 * the steps that succeeded there, by id.
 */
export interface ResumeSource {
  /** The id of the run resumed. */
  runId: string;
  steps: ReadonlyMap<string, ReusableStep>;
  /**
   * Each `for_each` step it fanned out, whatever its outcome: its instances as
   * recorded, in item order — what a resuming run that never reached the
   * step records as its own fan-out when it takes over their work.
   */
  fanOuts: ReadonlyMap<string, readonly JournalStepInfo[]>;
  /**
   * Every step left to undo there (whatever its outcome), by id, in the order
   * they finished there (one that never finished last): what the resuming run
   * takes over of each it does not reuse.
   */
  earlier: ReadonlyMap<string, EarlierStep>;
  /** Each step's place in the order the steps finished there (one that never finished last). */
  finishOrder: ReadonlyMap<string, number>;
}

/** A run that cannot be resumed, and why: bad input (exit code 2). */
export class ResumeRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ResumeRefusedError";
  }
}

/** What the resuming run is: the checks compare it with the recorded run. */
export interface ResumingRun {
  /** The new run's id, written into the old run's record. */
  runId: string;
  workflowId: string;
  /** The workflow's file, when it has one: a record of another file is refused. */
  source?: string;
}

/**
 * Takes over a run that ended `failed` without its rollback, was cancelled
 * without it, or was killed: checks it may be resumed, then — under the
 * run's rollback lock, before the resuming run starts (intent before effect)
 * — appends `run_resumed` to its journal, so that `momoflow rollback` of it
 * refuses from then on: its completed steps belong to the resuming run,
 * whose rollback undoes them. A mark whose resuming run left no record is
 * ignored (see {@link resumingRunOf}).
 *
 * @throws ResumeRefusedError when it cannot be resumed, saying what and why.
 */
export async function takeOverRun(runDir: string, resuming: ResumingRun): Promise<ResumeSource> {
  const paths = runRecordPaths(runDir);
  const name = basename(runDir);
  const unstarted = unstartedRunFolderReason(runDir);
  if (unstarted) throw new ResumeRefusedError(`cannot resume ${runDir}: ${unstarted}`);
  let release: () => void;
  try {
    release = await acquireRunLock(paths.lock, { runId: name, wait: false });
  } catch (error) {
    if (error instanceof RunLockBusyError)
      throw new ResumeRefusedError(`cannot resume run ${name}: it is being rolled back now`);
    throw error;
  }
  try {
    const events = readEvents(paths.journal, name);
    const replay = JournalReplay.of(events);
    refuseUnresumable(replay, runDir, resuming);
    // A killed run's shell actions may still be running: they would race the steps run again.
    if (replay.finished === undefined) await stopLeftoverProcesses(recordedProcesses(events));
    for (const event of takeOverWhatKilledResumeLeft(runDir, replay)) replay.apply(event);
    markResumed(paths.journal, runDir, resuming.runId);
    noteResumedInResult(paths.result, resuming.runId);
    return resumeSource(replay);
  } finally {
    release();
  }
}

function readEvents(journalPath: string, name: string): JournalEvent[] {
  try {
    return readJournal(journalPath).events;
  } catch (error) {
    if (error instanceof UnreadableRecordError)
      throw new ResumeRefusedError(`cannot resume run ${name}: ${error.message}`);
    throw error;
  }
}

/** Refuses, with the reason, what must not be resumed. */
function refuseUnresumable(replay: JournalReplay, runDir: string, resuming: ResumingRun): void {
  const start = replay.start!;
  const id = start.runId;
  const refuse = (why: string): never => {
    throw new ResumeRefusedError(`cannot resume run ${id}: ${why}`);
  };
  if (start.workflow.id !== resuming.workflowId)
    refuse(`it is a run of workflow "${start.workflow.id}", not "${resuming.workflowId}"`);
  if (start.source && resuming.source && start.source !== resuming.source)
    refuse(`it is a run of ${start.source}, not ${resuming.source}`);
  const by = resumingRunOf(replay, runDir);
  if (by !== undefined) refuse(`it was resumed already, by run ${by} (resume that one)`);
  const plan = replay.undoPlan();
  if (replay.undoneOrder.length > 0 || plan.undone.length > 0) {
    // Run anew while an undo is left, and what that step did stays done: say what finishes it.
    if (plan.toUndo.length > 0)
      refuse(
        `its rollback did not finish (left to undo: ${plan.toUndo.map((s) => s.info.id).join(", ")}): finish it with momoflow rollback ${shellQuote(runDir)}, then run the workflow anew`,
      );
    refuse("it was rolled back; run the workflow anew");
  }
  const status = replay.runStatus();
  if (status === "success") refuse("it succeeded: there is nothing to resume");
  if (status === "rolled_back" || status === "partially_rolled_back")
    refuse(`it was ${status.replace(/_/g, " ")}; run the workflow anew`);
  if (status === undefined && isProcessAlive(start.pid, start.pidStartTicks))
    refuse(`it is still running (pid ${start.pid})`);
  // An undo stopped part-way (its rollback killed, or given up): what the step did may be half
  // undone, so it is neither done nor undone — reused or run again, it would be built on that.
  const unfinished = plan.toUndo.filter((s) => replay.unfinishedUndo(s) !== undefined);
  if (unfinished.length > 0)
    refuse(
      `its rollback did not finish: the undo of ${unfinished.map((s) => s.info.id).join(", ")} may have stopped part-way, its rollback killed at it or giving it up (left to undo: ${plan.toUndo.map((s) => s.info.id).join(", ")}): finish it with momoflow rollback ${shellQuote(runDir)}, then run the workflow anew`,
    );
}

/** Appends `run_resumed` to the old journal: before the resuming run does anything. */
function markResumed(journalPath: string, runDir: string, by: string): void {
  try {
    const writer = new JournalWriter(journalPath, runDir);
    const stamp = ownProcessStamp();
    writer.emit({
      type: "run_resumed",
      time: Date.now(),
      by,
      pid: stamp.pid,
      ...(stamp.startTicks === undefined ? {} : { pidStartTicks: stamp.startTicks }),
    });
    writer.close();
    // The resuming run owns what was left to undo, and keeps a reserve of its own for that.
    JournalReserve.existing(runRecordPaths(runDir).reserve)?.remove();
  } catch (error) {
    if (error instanceof RecordWriteError)
      throw new ResumeRefusedError(
        `cannot resume run ${basename(runDir)}: its record cannot be written (${error.message})`,
      );
    throw error;
  }
}

/**
 * Says in the old run's result.json which run resumed it (the editor reads
 * it). The journal already says so, and it is the record: a result.json that
 * cannot be written is left as it was.
 */
function noteResumedInResult(resultPath: string, by: string): void {
  const file = readResultFile(resultPath);
  if (!file) return;
  try {
    writeResultFile(resultPath, { ...file, resumedBy: by });
  } catch (error) {
    if (!(error instanceof RecordWriteError)) throw error;
  }
}

/** What a resuming run takes from the run `replay` replays. */
function resumeSource(replay: JournalReplay): ResumeSource {
  const fanOuts = new Map<string, readonly JournalStepInfo[]>();
  for (const s of replay.steps())
    if (s.instances)
      fanOuts.set(
        s.info.id,
        s.instances.map((i) => i.info),
      );
  const runId = replay.start!.runId;
  const finishOrder = new Map<string, number>();
  for (const s of replay.steps()) finishOrder.set(s.info.id, s.finishOrder);
  return {
    runId,
    steps: reusableSteps(replay),
    fanOuts,
    earlier: earlierSteps(replay, runId),
    finishOrder,
  };
}

/** The steps of the run `replay` replays that are left to undo, in the order they finished (see {@link ResumeSource.earlier}). */
function earlierSteps(replay: JournalReplay, runId: string): Map<string, EarlierStep> {
  const steps = new Map<string, EarlierStep>();
  const byFinish = [...replay.steps()].sort((a, b) => a.finishOrder - b.finishOrder);
  for (const s of byFinish) {
    const attempts = earlierAttemptsOf(s, runId);
    if (attempts.length > 0) steps.set(s.info.id, { info: s.info, attempts });
  }
  return steps;
}

/**
 * The steps that succeeded, in the order they finished (a resuming run that
 * stops before it reaches some takes them over in that order, see
 * `unreachedSteps`), and what the resuming run needs of each to own it.
 */
function reusableSteps(replay: JournalReplay): Map<string, ReusableStep> {
  const steps = new Map<string, ReusableStep>();
  const byFinish = [...replay.steps()].sort((a, b) => a.finishOrder - b.finishOrder);
  for (const s of byFinish) {
    if (s.status !== "success" || s.undoStatus !== undefined) continue;
    const step: ReusableStep = {
      outputCut: isCutOutput(s.output),
      attemptData: s.attemptData,
      info: s.info,
    };
    if (s.fingerprint !== undefined) step.fingerprint = s.fingerprint;
    if (s.output !== undefined) step.output = s.output;
    if (s.undo !== undefined) step.undo = s.undo;
    if (s.afterFailure) step.afterFailure = true;
    if (s.instances) step.fannedOut = true;
    if (s.info.instanceOf !== undefined) step.instanceOf = s.info.instanceOf;
    if (s.earlier !== undefined) step.earlier = s.earlier;
    steps.set(s.info.id, step);
  }
  return steps;
}

/** The process groups the journal says steps started. */
function recordedProcesses(events: readonly JournalEvent[]): RecordedProcess[] {
  const processes: RecordedProcess[] = [];
  for (const e of events) {
    if (e.type !== "step_process") continue;
    processes.push(
      e.startTicks === undefined ? { pid: e.pid } : { pid: e.pid, startTicks: e.startTicks },
    );
  }
  return processes;
}

/**
 * A resuming run takes over, at its end, the steps of the run it resumes that
 * it never reached (see `unreachedSteps`). One that was killed never got
 * there, nor one whose disk was full when it tried, and the resumed run's
 * rollback refuses: before it is rolled back or resumed in turn, its journal
 * gets them now, in the order they finished there — so their effects are
 * undone, or reused, by it, once. Called under the run's lock; a run that
 * resumed none, or took everything over already, gets nothing. Returns the
 * events appended; a record that cannot be written takes none (they are
 * looked for again next time).
 */
export function takeOverWhatKilledResumeLeft(
  runDir: string,
  replay: JournalReplay,
): JournalEvent[] {
  const from = replay.start?.resumedFrom;
  if (from === undefined) return [];
  const sourceJournal = runRecordPaths(join(dirname(runDir), from)).journal;
  let source: JournalReplay;
  try {
    source = JournalReplay.of(readJournal(sourceJournal).events);
  } catch {
    return []; // gone or unreadable: nothing can be taken over from it
  }
  const events: JournalEvent[] = [];
  for (const takeOver of unreachedSteps(resumeSource(source), recordedRunState(replay))) {
    if (takeOver.kind === "fanOut")
      events.push({
        type: "step_fanned_out",
        time: Date.now(),
        step: takeOver.stepId,
        instances: takeOver.instances.slice(),
      });
    else if (takeOver.kind === "earlier")
      events.push(...earlierEvents(takeOver.stepId, takeOver.step.attempts, takeOver.step.info));
    else
      events.push(...reuseEvents(takeOver.stepId, takeOver.step, from, takeOver.step.fingerprint));
  }
  if (events.length === 0) return [];
  try {
    const writer = new JournalWriter(runRecordPaths(runDir).journal, runDir);
    try {
      // All or none: a kill in between would leave a reused step looking half-done.
      emitTogether(writer, events);
    } finally {
      writer.close();
    }
  } catch (error) {
    if (error instanceof RecordWriteError) return [];
    throw error;
  }
  return events;
}

/** What the journal of a resuming run says it reached: what it started or ended, or took over. */
function recordedRunState(replay: JournalReplay): ResumingState {
  const own = new Set(replay.start?.steps.map((s) => s.id));
  return {
    has: (stepId) => own.has(stepId),
    fansOut: () => true,
    reached: (stepId) => {
      const s = replay.get(stepId);
      return s !== undefined && (s.started || s.status !== undefined);
    },
    tookOverEarlier: (stepId) => replay.get(stepId)?.earlier !== undefined,
    instancesOf: (stepId) => replay.get(stepId)?.instances?.map((s) => s.info.id),
  };
}
