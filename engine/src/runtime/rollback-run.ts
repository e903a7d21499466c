import { existsSync } from "node:fs";
import {
  recordedFoundUndone,
  withFoundUndone,
  type FoundUndone,
} from "../record/found-undone-text";
import { basename, dirname, join } from "node:path";
import { getCommandRegistry, type CommandRegistry } from "../commands/registry";
import { WorkflowContext } from "./context";
import type { WorkflowDefinition } from "./definition";
import { silentLogger, type Logger } from "./logger";
import { emptyMetrics } from "./metrics";
import { recordedInstance } from "./fan-out";
import { undoSteps, type UndoItem } from "./rollback";
import { undoExecution, type UndoStepExecution } from "./undo-execution";
import {
  recordUndoWay,
  undoFromRecord,
  type RecordedAttempts,
  type RecordUndoPlace,
} from "./undo-from-record";
import { SecretMask } from "./secret-mask";
import { SECRET_PARAM_PREFIX } from "./secret-param-source";
import type { StepOutputChunk, StepOutputSinks } from "./step-output";
import { RunLogWriter, type LogWriteFailure } from "../record/step-log-writer";
import { WorkflowStatus } from "./status";
import type { StepResult, WorkflowStep } from "./step";
import type { UndoAbort } from "./undo-abort";
import type { JournalEvent } from "../record/journal-event";
import { readJournal, unstartedJournal, type JournalProblem } from "../record/journal-reader";
import {
  earlierUndoneFrom,
  JournalReplay,
  ownAttemptsToUndo,
  undoCalls,
  type ReplayedStep,
} from "../record/journal-replay";
import { JournalReserve } from "../record/journal-reserve";
import { JournalWriter } from "../record/journal-writer";
import {
  recordedProcesses,
  stopLeftoverProcesses,
  stoppedLeftovers,
  type StoppedLeftover,
  type StopProcessesOptions,
} from "../record/leftover-processes";
import { isProcessAlive } from "../record/process-liveness";
import { stopLiveRun } from "./stop-live-run";
import { RecordWriteError } from "../record/record-write-error";
import { buildResultFile, type RunOutcome } from "../record/result-builder";
import { killedRunMetrics } from "../record/killed-run-time";
import { isCutOutput } from "../record/recorded-output";
import { recordedIncompleteLogsOn } from "../record/incomplete-logs-text";
import { readResultFile, writeResultFile } from "../record/result-file";
import { acquireRunLock } from "../record/run-lock";
import { UnreadableRecordError } from "../record/unreadable-record-error";
import { runRecordPaths } from "../record/run-paths";
import { ownOutputNeverGiven, ownOutputUndoError } from "./undo-own-output-by-hand";
import { takeOverWhatKilledResumeLeft } from "./resume-run";
import { resumingRunOf } from "../record/resume-mark";
import { earlierUndoCall, withEarlierAttempts } from "./earlier-attempts";
import {
  hasTwoUndoingRollbacks,
  undosRunAgainIn,
  unfinishedUndos,
  withFinishedOn,
  type UndoRunAgain,
} from "./rollback-undos-run-again";

export type { UndoRunAgain } from "./rollback-undos-run-again";

/** Options of {@link rollbackRun}. */
export interface RollbackRunOptions {
  /** The workflow the run came from: needed only for steps whose undo is code (class steps, js()). */
  definition?: WorkflowDefinition;
  /**
   * Why the workflow could not be had, when the caller tried (the CLI given
   * the file, which would not compile): a step whose undo is code then fails
   * saying so, rather than asking for the workflow it was given.
   */
  definitionProblem?: string;
  /** Where recorded commands are looked up. Default: the global registry. */
  registry?: CommandRegistry;
  logger?: Logger;
  onEvent?: (event: JournalEvent) => void;
  /**
   * Roll back even though the run's process still seems alive, and let undos
   * replace files changed since their step wrote them. A process that is
   * really the run's (its start time recorded and matching) is stopped
   * first, as Ctrl+C would, and rolls back what it did itself: see
   * `stopLiveRun` and the report's `stoppedRun`.
   */
  force?: boolean;
  /**
   * How long a process group left running by a killed run gets between SIGTERM
   * and SIGKILL. Default 2000 ms.
   */
  killGraceMs?: number;
  /**
   * Aborted to stop the rollback (Ctrl+C): the running undo is given up (its
   * processes stopped) and ends `rollback_failed`; no further one starts.
   * Aborted while it waits for another rollback of the run, the wait ends and
   * the promise rejects with the signal's reason: nothing was undone.
   */
  signal?: AbortSignal;
  /** Called once when another rollback of the run holds the lock and this one waits for it. */
  onWait?: (ownerPid: number) => void;
  /** Called as a forced rollback starts to stop the run still running (`force`), which may take seconds. */
  onStopRun?: (runPid: number) => void;
  /**
   * Secret params the record kept as references (`--param NAME=VALUE`); one
   * not given here is read from `MOMOFLOW_PARAM_<NAME>`. Environment
   * variables the record kept as references are read from `process.env`.
   */
  params?: Readonly<Record<string, string>>;
  /**
   * Receives what each undo prints as it arrives (a shell undo's output, a
   * `js()` undo's logger lines), as `ExecuteOptions.onOutput` does a run's:
   * masked, and also appended to the step's log after a line `── rollback ──`.
   */
  onOutput?: (chunk: StepOutputChunk) => void;
}

/** What {@link rollbackRun} did. */
export interface RollbackReport {
  runId: string;
  runDir: string;
  /** The run's status after the rollback. */
  status: WorkflowStatus;
  /**
   * Rolled back now, in order: steps whose undo undid what the run did in
   * them (not those of {@link earlierUndone}).
   */
  rolledBack: string[];
  /** Undo failed: they stay as they are (a later rollback tries again). */
  failed: { stepId: string; error: string }[];
  /** Never attempted: the rollback was stopped first (`signal`); a later rollback undoes them. */
  notAttempted: string[];
  /**
   * Found never started when their undo came (a run on workers whose
   * scheduler was killed while their jobs waited: no worker took them, and
   * they are off the queue now): nothing of them ran, nothing was undone;
   * recorded `not_run`.
   */
  neverStarted: string[];
  /** Completed but irreversible. */
  irreversible: string[];
  /**
   * Stopped part-way without recording rollback data, their undo their
   * `rollback()` code: left as they are, as the rule is (their effect is
   * taken not to have begun), but named, as it may have (see `remember`).
   */
  halfDoneLeft: string[];
  /**
   * Steps (not in {@link rolledBack}) whose undo undid only what the runs `from`
   * (resumed by this run) did in them: what this run did in them is left as
   * it is (irreversible now, or `rollback: none`), and they read as they ended.
   */
  earlierUndone: { stepId: string; from: string[] }[];
  /**
   * Undone by an earlier rollback (or the run's live one): not touched
   * again. Not the steps of {@link earlierAlreadyUndone}: what this run did
   * in them was never undone.
   */
  alreadyUndone: string[];
  /**
   * Steps whose earlier attempts (what the runs `from`, resumed by this run,
   * did in them) an earlier rollback undid, as {@link earlierUndone} says of
   * this one: what this run did in them is left as it is (irreversible now,
   * then also in {@link irreversible}, or `rollback: none`), and they read
   * as they ended. Not touched again.
   */
  earlierAlreadyUndone: { stepId: string; from: string[] }[];
  /** The run never recorded its end (killed, crashed). */
  interrupted: boolean;
  /**
   * The run's process, still running when a rollback was forced over it
   * (`force`), and stopped first (see `stopLiveRun`): `stopped` by SIGTERM
   * (it rolled back what it did itself), or `killed` when it did not end.
   */
  stoppedRun?: { pid: number; how: "stopped" | "killed" };
  /**
   * Process groups that steps of the interrupted run started and that were
   * still running: stopped (SIGTERM, then SIGKILL) before anything was undone.
   */
  stoppedProcesses: number[];
  /**
   * Every process group this rollback stopped before undoing (those of
   * {@link stoppedProcesses} among them): the step that started it, and
   * whether the step's run left it running or a rollback killed in the
   * middle of the step's undo did (`leftBy: "rollback"`): that undo is
   * stopped so that it never runs beside the new one, then the step is
   * undone again.
   */
  leftoverProcesses: StoppedLeftover[];
  /**
   * Steps whose undo an earlier rollback did not finish — it was killed at
   * the undo (while it ran, or just before it started: the record cannot
   * tell, see `JournalReplay.unfinishedUndo`), or gave it up (its
   * `rollback_timeout`, Ctrl+C) — and that this rollback ran from its start
   * (an undo must be safe to repeat). Only those it ran; absent when there
   * are none.
   */
  undosRunAgain?: UndoRunAgain[];
  /**
   * The steps whose workers found them undone already (`run --on`), by an
   * undo sent there by another rollback than one this record says was
   * killed or gave it up (those are {@link undosRunAgain}, with `finishedOn`);
   * not undone again.
   */
  foundUndone?: FoundUndone[];
  /** Damaged journal lines that were skipped. */
  problems: JournalProblem[];
  /**
   * The rollback could not be fully recorded (a full disk): what is said here
   * happened, but the journal or result.json does not hold all of it.
   */
  recordError?: string;
  /**
   * What the undos printed could not all be written to the steps' logs (a
   * full disk): the logs stopped there; the rollback and its record went on.
   */
  logsError?: string;
}

/** Thrown when the run being rolled back is still in progress. */
export class RunInProgressError extends Error {
  constructor(
    readonly runId: string,
    readonly pid: number,
  ) {
    super(`run ${runId} is still in progress (pid ${pid}); stop it first or pass force`);
    this.name = "RunInProgressError";
  }
}

/**
 * Thrown when the run was resumed by a later run (`momoflow run --resume`):
 * that run owns its completed steps, and its rollback undoes them.
 */
export class RunResumedError extends Error {
  constructor(
    readonly runId: string,
    readonly resumedBy: string,
  ) {
    super(
      `run ${runId} was resumed by run ${resumedBy}, which now owns its completed steps: roll back ${resumedBy} instead`,
    );
    this.name = "RunResumedError";
  }
}

/**
 * Undoes, from its run record alone, what a run left to undo — its completed
 * steps and its half-done ones (see {@link JournalReplay} for the rules) —
 * in reverse order of completion. Works after the process that ran the
 * workflow was killed. One rollback of a run at a time: the journal is read
 * only once the lock is held, so a step is never undone twice, also when
 * several rollbacks start at once (they wait for each other). The outcome is
 * appended to the journal and written to `result.json`; when the disk is full
 * the undo goes on all the same and the report says what was not recorded.
 */
export async function rollbackRun(
  runDir: string,
  options: RollbackRunOptions = {},
): Promise<RollbackReport> {
  checkRunDir(runDir);
  const paths = runRecordPaths(runDir);
  // Before the lock: a lock written into a folder that is no record would make one.
  if (!existsSync(paths.journal)) {
    throw new UnreadableRecordError(`${runDir}: not a run record (no journal.jsonl)`);
  }
  const release = await acquireRunLock(paths.lock, {
    runId: runDir,
    // Stopped while another rollback holds the run: the wait ends, nothing is undone.
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onWait ? { onWait: (owner) => options.onWait!(owner.pid) } : {}),
  });
  try {
    if (unstartedJournal(paths.journal) !== undefined) return neverStartedReport(runDir);
    let journal = readJournal(paths.journal);
    const { start } = journal;
    let replay = JournalReplay.of(journal.events);
    const resumedBy = resumingRunOf(replay, runDir);
    if (resumedBy !== undefined) throw new RunResumedError(start.runId, resumedBy);
    let stoppedRun: RollbackReport["stoppedRun"];
    if (
      replay.finished === undefined &&
      start.pid !== process.pid &&
      isProcessAlive(start.pid, start.pidStartTicks)
    ) {
      if (!options.force) throw new RunInProgressError(start.runId, start.pid);
      // Forced over a run that is really running: it is stopped first and rolls back
      // what it did itself; this rollback then undoes what is left, from its record.
      if (start.pidStartTicks !== undefined) {
        options.onStopRun?.(start.pid);
        const how = await stopLiveRun(start.pid, start.pidStartTicks, options.signal);
        stoppedRun = { pid: start.pid, how };
        journal = readJournal(paths.journal);
        replay = JournalReplay.of(journal.events);
      }
    }
    const finished = replay.finished !== undefined;
    // What a killed run's shell actions left running could still change what is undone.
    const recorded = finished ? [] : recordedProcesses(journal.events);
    const stoppedProcesses = finished
      ? []
      : await stopLeftoverProcesses(recorded, stopOptions(options));
    // A killed resuming run owns the steps of the run it resumed that it never reached.
    for (const event of takeOverWhatKilledResumeLeft(runDir, replay)) replay.apply(event);
    const plan = replay.undoPlan();
    // Read before this rollback's own lines change what the replay says of earlier ones.
    const unfinished = unfinishedUndos(replay, plan.toUndo);
    const recorder = new RollbackRecorder(paths.journal, runDir, replay, options.onEvent);
    // An undo run again, by this rollback or an earlier one, is kept in result.json: from the journal.
    if (unfinished.length > 0 || hasTwoUndoingRollbacks(journal.events)) recorder.kept = [];
    // What the run kept of its reserve (it failed on a full disk) records this rollback's lines.
    recorder.reserve = JournalReserve.existing(paths.reserve);
    // What the undos print goes to the steps' logs: a full disk stops the logs, not the rollback.
    let logFailure: LogWriteFailure | undefined;
    const logs = new RunLogWriter(runDir, (failure) => (logFailure ??= failure));
    const inputs = undoInputs(replay, runDir, options, (event) => recorder.record(event), logs);
    // The undos found finished on their workers (a killed rollback's went on there): said so, not run again.
    const foundUndone = new Map<string, string[]>();
    const outcome = await undoSteps(
      plan.toUndo.map((s) => undoItem(s, inputs)),
      "manual",
      (event) => {
        if (event.type === "step_rolled_back" && event.foundUndoneOn)
          foundUndone.set(event.step, event.foundUndoneOn);
        recorder.record(event);
      },
      {
        stopping: stopOptions(options),
        giveUp: options.signal,
        recordable: () => recorder.roomAssured(),
      },
    );
    // A rollback killed after its last undo left its end unrecorded: this one records it.
    const finishing = plan.toUndo.length > 0 || replay.rollbackUnended;
    const status = statusAfter(replay, finishing, paths.result);
    if (finishing) recorder.record({ type: "rollback_finished", time: Date.now(), status });
    recorder.close();
    // Nothing left to undo: the reserve has served.
    if (replay.undoPlan().toUndo.length === 0) recorder.reserve?.remove();
    const earlierUndone = earlierUndoneOf(replay, outcome.rolledBack);
    const earlierOnly = new Set(earlierUndone.map((e) => e.stepId));
    const report: RollbackReport = {
      runId: start.runId,
      runDir,
      status,
      rolledBack: outcome.rolledBack.filter((id) => !earlierOnly.has(id)),
      failed: [...outcome.failed].map(([stepId, error]) => ({ stepId, error })),
      notAttempted: outcome.notAttempted,
      neverStarted: outcome.neverStarted,
      irreversible: plan.irreversible.map((s) => s.info.id),
      halfDoneLeft: plan.halfDoneLeft.map((s) => s.info.id),
      earlierUndone,
      ...alreadyUndoneOf(plan.undone),
      interrupted: !finished,
      stoppedProcesses,
      leftoverProcesses: [...stoppedLeftovers(stoppedProcesses, recorded), ...outcome.leftovers],
      problems: journal.problems,
    };
    const ranAgain = unfinished
      .filter((u) => outcome.rolledBack.includes(u.stepId) || outcome.failed.has(u.stepId))
      .map((u) => withFinishedOn(u, foundUndone.get(u.stepId)));
    if (ranAgain.length > 0) report.undosRunAgain = ranAgain;
    const saidAgain = new Set(ranAgain.map((u) => u.stepId));
    const foundNow = outcome.foundUndone.filter((f) => !saidAgain.has(f.stepId));
    if (foundNow.length > 0) report.foundUndone = foundNow;
    const everRunAgain =
      recorder.kept === undefined ? [] : undosRunAgainIn([...journal.events, ...recorder.kept]);
    const earlier = readResultFile(paths.result);
    const resultError =
      finishing || !earlier
        ? writeResult(
            paths.result,
            replay,
            status,
            everRunAgain,
            journal.events,
            [...new Set([...(earlier?.incompleteLogs ?? []), ...logs.incompleteLogs])],
            cutOnWorkersStill(recordedIncompleteLogsOn(earlier?.incompleteLogsOn), logs),
            withFoundUndone(recordedFoundUndone(earlier?.foundUndone), foundNow),
          )
        : undefined;
    logs.end();
    const recordError = recorder.error ?? resultError;
    if (recordError) report.recordError = recordError.message;
    if (logFailure)
      report.logsError = `what the undos printed is no longer written to the steps' logs: ${logFailure.error.message} (the log of step "${logFailure.stepId}")`;
    if (stoppedRun) report.stoppedRun = stoppedRun;
    return report;
  } finally {
    release();
  }
}

/** The report on a run that never recorded its start: it ran nothing, so there is nothing to undo. */
function neverStartedReport(runDir: string): RollbackReport {
  return {
    runId: basename(runDir),
    runDir,
    status: WorkflowStatus.FAILED,
    rolledBack: [],
    failed: [],
    notAttempted: [],
    neverStarted: [],
    irreversible: [],
    halfDoneLeft: [],
    earlierUndone: [],
    alreadyUndone: [],
    earlierAlreadyUndone: [],
    interrupted: false,
    stoppedProcesses: [],
    leftoverProcesses: [],
    problems: [],
  };
}

/** The steps of `rolledBack` whose undo undid only their earlier attempts (see `earlierUndoneFrom`). */
function earlierUndoneOf(
  replay: JournalReplay,
  rolledBack: readonly string[],
): RollbackReport["earlierUndone"] {
  const found: RollbackReport["earlierUndone"] = [];
  for (const stepId of rolledBack) {
    const s = replay.get(stepId);
    const from = s ? earlierUndoneFrom(s) : [];
    if (from.length > 0) found.push({ stepId, from });
  }
  return found;
}

/**
 * The steps an earlier rollback undid, split as {@link earlierUndoneOf}
 * splits this one's: those whose own attempt was undone, and those whose
 * earlier attempts alone were (their own attempt stays: it was never undone).
 */
function alreadyUndoneOf(
  undone: readonly ReplayedStep[],
): Pick<RollbackReport, "alreadyUndone" | "earlierAlreadyUndone"> {
  const split: Pick<RollbackReport, "alreadyUndone" | "earlierAlreadyUndone"> = {
    alreadyUndone: [],
    earlierAlreadyUndone: [],
  };
  for (const s of undone) {
    const from = earlierUndoneFrom(s);
    if (from.length > 0) split.earlierAlreadyUndone.push({ stepId: s.info.id, from });
    else split.alreadyUndone.push(s.info.id);
  }
  return split;
}

/**
 * The run's status after a rollback: everything undone (and nothing
 * irreversible left) is `rolled_back`, anything left is
 * `partially_rolled_back`. Without `finishing` (nothing was to undo, and no
 * killed rollback left its end unrecorded), the status stays.
 */
function statusAfter(
  replay: JournalReplay,
  finishing: boolean,
  resultPath: string,
): WorkflowStatus {
  if (!finishing) {
    return (
      replay.runStatus() ??
      readResultFile(resultPath)?.status ??
      (replay.undoneOrder.length ? WorkflowStatus.ROLLED_BACK : WorkflowStatus.FAILED)
    );
  }
  const after = replay.undoPlan();
  return after.toUndo.length === 0 && after.irreversible.length === 0
    ? WorkflowStatus.ROLLED_BACK
    : WorkflowStatus.PARTIALLY_ROLLED_BACK;
}

/** Writes result.json from the replay; returns the error when the disk would not take it. */
function writeResult(
  path: string,
  replay: JournalReplay,
  status: WorkflowStatus,
  undosRunAgain: readonly UndoRunAgain[],
  journal: readonly JournalEvent[],
  incompleteLogs: readonly string[],
  incompleteLogsOn: Readonly<Record<string, string>>,
  foundUndone: readonly FoundUndone[],
): RecordWriteError | undefined {
  const start = replay.start!;
  const events = replay.finished;
  const outcome: RunOutcome = {
    status,
    // A killed run's time is what it recorded itself (a run killed at its start: none).
    metrics: events?.metrics ?? killedRunMetrics(start.time, journal),
  };
  const error =
    replay.finished?.error ??
    (replay.finished ? undefined : "the run was interrupted before it finished");
  if (error !== undefined) outcome.error = error;
  if (undosRunAgain.length > 0) outcome.undosRunAgain = undosRunAgain;
  // Not in the journal: the file the rollback rewrites keeps the run's, and adds the undos' own.
  if (incompleteLogs.length > 0) outcome.incompleteLogs = incompleteLogs;
  if (Object.keys(incompleteLogsOn).length > 0) outcome.incompleteLogsOn = incompleteLogsOn;
  if (foundUndone.length > 0) outcome.foundUndone = foundUndone;
  const leftByTimeout = replay.finished?.notRunAfterTimeout;
  if (leftByTimeout) outcome.notRunAfterTimeout = leftByTimeout;
  try {
    // A killed run's steps that never finished may have left a log all the same.
    const hasLog = (log: string): boolean => existsSync(join(dirname(path), log));
    writeResultFile(path, buildResultFile(replay, outcome, hasLog));
    return undefined;
  } catch (failure) {
    if (failure instanceof RecordWriteError) return failure;
    throw failure;
  }
}

/**
 * Records a rollback's events: in the journal when it can be written (a full
 * disk does not stop the undo), always in the replay and to the listener.
 */
class RollbackRecorder {
  private writer: JournalWriter | undefined;
  error: RecordWriteError | undefined;
  /** Room the run kept for its rollback's lines on a full disk, all of them this rollback's. */
  reserve: JournalReserve | undefined;
  /** When set, every event recorded is also kept here, in order (an undo run again is read from them). */
  kept: JournalEvent[] | undefined;

  constructor(
    private readonly path: string,
    private readonly dir: string,
    private readonly replay: JournalReplay,
    private readonly listener: ((event: JournalEvent) => void) | undefined,
  ) {}

  /** The writer's emit, made once: a rollback records one line per undo. */
  private readonly emit = (event: JournalEvent): void => this.writer!.emit(event);

  record(event: JournalEvent): void {
    try {
      (this.writer ??= this.open()).withReserve(this.emit, event);
    } catch (error) {
      if (!(error instanceof RecordWriteError)) throw error;
      this.error ??= error;
    }
    this.replay.apply(event);
    this.kept?.push(event);
    try {
      this.listener?.(event);
    } catch {
      // Progress display must not be able to fail a rollback.
    }
  }

  /** Whether an undo started now is sure to have its outcome recorded (see `JournalWriter.roomAssured`). */
  roomAssured(): boolean {
    return this.writer?.roomAssured() ?? this.error === undefined;
  }

  private open(): JournalWriter {
    const writer = new JournalWriter(this.path, this.dir);
    writer.reserve = this.reserve;
    return writer;
  }

  close(): void {
    try {
      this.writer?.close();
    } catch (error) {
      if (!(error instanceof RecordWriteError)) throw error;
      this.error ??= error;
    }
  }
}

/** How leftover process groups are stopped: with the rollback's grace period and logger. */
function stopOptions(options: RollbackRunOptions): StopProcessesOptions {
  return {
    ...(options.killGraceMs !== undefined ? { graceMs: options.killGraceMs } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  };
}

/** What the undos of one rollback share. */
interface UndoInputs {
  registry: CommandRegistry;
  context: WorkflowContext;
  backups: string;
  stepsById: Map<string, WorkflowStep> | undefined;
  /** See {@link RollbackRunOptions.definitionProblem}. */
  definitionProblem: string | undefined;
  force: boolean;
  params: Readonly<Record<string, string>>;
  /** Records an event of the rollback (an undo's process group); never throws. */
  record: (event: JournalEvent) => void;
  /** Where what the undos print goes: the steps' logs and `onOutput`. */
  output: StepOutputSinks;
  /** The run's folder, its working directory and the workflow it ran (its file, when one): for what to do by hand. */
  runDir: string;
  workdir: string;
  workflowId: string;
  source: string | undefined;
}

/**
 * What the undos share: a context like the run's, with its variables and the
 * outputs it recorded in full (a workflow's code rollback may read them).
 */
function undoInputs(
  replay: JournalReplay,
  runDir: string,
  options: RollbackRunOptions,
  record: (event: JournalEvent) => void,
  logs: RunLogWriter,
): UndoInputs {
  const start = replay.start!;
  const context = new WorkflowContext({
    workingDirectory: start.workdir,
    variables: start.variables ?? {},
    logger: options.logger ?? silentLogger,
  });
  context.runId = start.runId;
  context.runDir = runDir;
  for (const s of replay.steps()) {
    // A skipped step recorded with an output: a fan-out's list, or an up-to-date step's.
    const ended = s.status === "success" || s.status === "skipped";
    if (ended && s.output !== undefined && !isCutOutput(s.output))
      context.setStepOutput(s.info.id, s.output);
  }
  const definition = options.definition;
  return {
    registry: options.registry ?? getCommandRegistry(),
    context,
    backups: runRecordPaths(runDir).backups,
    stepsById: definition && new Map(definition.steps.map((s) => [s.id, s])),
    definitionProblem: definition ? undefined : options.definitionProblem,
    force: options.force ?? false,
    params: options.params ?? {},
    record,
    runDir,
    workdir: start.workdir,
    workflowId: start.workflow.id,
    source: start.source,
    output: {
      logs,
      ...(options.onOutput && { onOutput: options.onOutput }),
      mask: undoOutputMask(options),
      context,
    },
  };
}

/**
 * What is hidden in what the undos print: the secrets the rollback was
 * given — the workflow's, and every param value given to it, directly or as
 * `MOMOFLOW_PARAM_<NAME>` (the record keeps no secret, so these are the
 * only ones an undo can have read).
 */
function undoOutputMask(options: RollbackRunOptions): SecretMask {
  const secrets = [...(options.definition?.secrets ?? []), ...Object.values(options.params ?? {})];
  for (const [name, value] of Object.entries(process.env))
    if (name.startsWith(SECRET_PARAM_PREFIX) && value) secrets.push(value);
  return SecretMask.of(secrets);
}

/**
 * How one step of the plan is undone from the record: what it did in this
 * run (see {@link ownUndoItem}), then its earlier attempts, taken over from
 * a run this one resumed, each by the recipe it was recorded with.
 */
function undoItem(s: ReplayedStep, inputs: UndoInputs): UndoItem {
  if (s.earlier === undefined) return ownUndoItem(s, inputs);
  const own = ownAttemptsToUndo(s) ? ownUndoItem(s, inputs) : undefined;
  const call = earlierUndoCall(s, {
    context: inputs.context,
    backupsDir: inputs.backups,
    force: inputs.force,
    record: inputs.record,
    registry: inputs.registry,
    params: inputs.params,
    output: inputs.output,
    step: inputs.stepsById?.get(s.info.id) ?? recordedInstance(s.info, inputs.stepsById),
    codeMissing: () =>
      codeUndoMissing(s.info.id, inputs.stepsById !== undefined, inputs.definitionProblem),
  });
  return withEarlierAttempts(s, own, call);
}

/** How what one step of the plan did in this run is undone from the record (see `undoFromRecord`), or why it cannot be. */
function ownUndoItem(s: ReplayedStep, inputs: UndoInputs): UndoItem {
  const id = s.info.id;
  const execution = (abort: UndoAbort): UndoStepExecution =>
    undoExecution(
      inputs.context,
      id,
      s.attempts,
      inputs.backups,
      inputs.force,
      inputs.record,
      abort,
      inputs.output,
    );
  const recipe = s.undo;
  const step = inputs.stepsById?.get(id) ?? recordedInstance(s.info, inputs.stepsById);
  // Still `after_output` after the step succeeded: its undo could not be
  // resolved with the output then (a value no script can hold); the workflow's
  // own rollback resolves it again from the recorded output, and says why.
  const unresolved = recipe?.kind === "after_output" && s.output !== undefined && !!step?.rollback;
  // Never given an output: nothing to run the undo with, and nothing guessed; what to do by hand is said.
  if (ownOutputNeverGiven(s)) {
    return { stepId: id, undo: () => Promise.reject(ownOutputUndoError(s, inputs)) };
  }
  const attempts: RecordedAttempts = {
    recipe,
    calls: undoCalls(s),
    result: (data) => stepResult(s, data),
    recipeUnusable: unresolved,
  };
  if (recordUndoWay(attempts, step) === undefined) {
    const why =
      s.startLost && !recipe
        ? `the journal line that recorded its start (and its undo) is damaged; roll back with the workflow that declares its undo (momoflow rollback <file>), or undo it by hand`
        : codeUndoMissing(id, inputs.stepsById !== undefined, inputs.definitionProblem);
    return { stepId: id, undo: () => Promise.reject(new Error(why)) };
  }
  const place: RecordUndoPlace = {
    registry: inputs.registry,
    context: inputs.context,
    params: inputs.params,
    step,
    missing: () => codeUndoMissing(id, inputs.stepsById !== undefined, inputs.definitionProblem),
  };
  return {
    stepId: id,
    processes: s.processes,
    timeoutMs: s.info.rollbackTimeoutMs,
    // Its output ends however the undo ends.
    undo: async (abort) => {
      const undoing = execution(abort);
      try {
        await undoFromRecord(attempts, place, undoing);
      } finally {
        undoing.endOutput();
      }
    },
  };
}

/**
 * Why a step whose undo is code cannot be undone: the workflow was not given,
 * or the one given has no such step. Says how to give it, from the CLI and
 * from code (a library user has no file to name).
 */
function codeUndoMissing(id: string, definitionGiven: boolean, problem?: string): string {
  if (problem !== undefined) return `the undo of step "${id}" is code, and ${problem}`;
  const what = definitionGiven
    ? `the undo of step "${id}" is code, and the workflow given has no reversible step "${id}" with a rollback()`
    : `the undo of step "${id}" is code in the workflow module, not in the run record`;
  return `${what}; roll back with the workflow: momoflow rollback <file>, or rollbackRun(runDir, { definition }) from code`;
}

/** The result a step's own `rollback()` is given, with one attempt's rollback data. */
function stepResult(s: ReplayedStep, rollbackData: unknown): StepResult {
  const result: StepResult = {
    stepId: s.info.id,
    status: s.status ?? "failed",
    metrics: s.metrics ?? emptyMetrics(),
    attempts: s.attempts,
  };
  if (rollbackData !== undefined) result.rollbackData = rollbackData;
  return result;
}

/** A run's folder, as untyped callers may not give it: a listRuns() entry, nothing. */
function checkRunDir(runDir: unknown): asserts runDir is string {
  if (typeof runDir === "string" && runDir !== "") return;
  const dir = (runDir as { dir?: unknown } | null | undefined)?.dir;
  const given =
    typeof dir === "string"
      ? `a run's entry: pass its dir (${dir})`
      : (JSON.stringify(runDir) ?? String(runDir));
  throw new TypeError(
    `rollbackRun: runDir must be a run's folder (.momoflow/runs/<run-id>, the dir of a listRuns() entry), got ${given}`,
  );
}

/**
 * The steps whose logs the run's workers cut short (`incompleteLogsOn`),
 * less those whose log here this rollback's undos could not all write: a
 * log cut here is said as the run's logs are.
 */
function cutOnWorkersStill(
  earlier: Readonly<Record<string, string>>,
  logs: RunLogWriter,
): Record<string, string> {
  const cutHere = new Set(logs.incompleteLogs);
  const on = { ...earlier, ...logs.incompleteLogsOn };
  for (const id of Object.keys(on))
    if (cutHere.has(id) && !(id in logs.incompleteLogsOn)) delete on[id];
  return on;
}
