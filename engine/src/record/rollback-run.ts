import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { join } from "node:path";
import { getCommandRegistry, type CommandRegistry } from "../commands/registry";
import { undoFromRecipe } from "../commands/undo-recipe";
import { WorkflowContext } from "../runtime/context";
import type { WorkflowDefinition } from "../runtime/definition";
import { silentLogger, type Logger } from "../runtime/logger";
import { emptyMetrics, type ExecutionMetrics } from "../runtime/metrics";
import { undoInReverse, type UndoItem } from "../runtime/rollback";
import { StepStatus, WorkflowStatus } from "../runtime/status";
import type { StepExecution, StepResult, UndoRecipe, WorkflowStep } from "../runtime/step";
import type { JournalEvent } from "./journal-event";
import { readJournal, type JournalProblem } from "./journal-reader";
import { stopLeftoverProcesses, type RecordedProcess } from "./leftover-processes";
import { combineSinks, JournalWriter, listenerSink } from "./journal-writer";
import {
  readResultFile,
  writeResultFile,
  type ResultStep,
  type RunResultFile,
} from "./result-file";
import { runRecordPaths } from "./run-paths";

/** Options of {@link rollbackRun}. */
export interface RollbackRunOptions {
  /** The workflow the run came from: needed only for steps whose undo is code (class steps). */
  definition?: WorkflowDefinition;
  /** Where recorded commands are looked up. Default: the global registry. */
  registry?: CommandRegistry;
  logger?: Logger;
  onEvent?: (event: JournalEvent) => void;
  /** Roll back even though the run's process still seems alive. */
  force?: boolean;
  /**
   * How long a process group left running by a killed run gets between SIGTERM
   * and SIGKILL. Default 2000 ms.
   */
  killGraceMs?: number;
}

/** What {@link rollbackRun} did. */
export interface RollbackReport {
  runId: string;
  runDir: string;
  /** The run's status after the rollback. */
  status: WorkflowStatus;
  /** Undone now, in order. */
  rolledBack: string[];
  /** Undo failed: they stay as they are (a later rollback tries again). */
  failed: { stepId: string; error: string }[];
  /** Completed but irreversible. */
  irreversible: string[];
  /** Undone by an earlier rollback: not touched again. */
  alreadyUndone: string[];
  /** The run never recorded its end (killed, crashed). */
  interrupted: boolean;
  /**
   * Process groups that steps of the interrupted run started and that were
   * still running: stopped (SIGTERM, then SIGKILL) before anything was undone.
   */
  stoppedProcesses: number[];
  /** Damaged journal lines that were skipped. */
  problems: JournalProblem[];
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

/** What the journal says about one step. */
interface StepState {
  id: string;
  reversible: boolean;
  started: boolean;
  undo?: UndoRecipe;
  rollbackData?: unknown;
  status?: StepStatus;
  attempts: number;
  metrics?: ExecutionMetrics;
  error?: string;
  undone: boolean;
  /** Position of its completion in the journal: the order of undo is its reverse. */
  finishOrder: number;
}

/**
 * Undoes, from its run record alone, the steps of a run that completed (and
 * those a killed run left half-done) and are not undone yet, in reverse order of
 * completion. Works after the process that ran the workflow was killed; a
 * second call undoes nothing twice. The outcome is appended to the journal
 * and written to `result.json`.
 */
export async function rollbackRun(
  runDir: string,
  options: RollbackRunOptions = {},
): Promise<RollbackReport> {
  const paths = runRecordPaths(runDir);
  const journal = readJournal(paths.journal);
  const { start } = journal;
  const finished = journal.events.some((e) => e.type === "run_finished");
  if (!finished && !options.force && start.pid !== process.pid && isAlive(start.pid)) {
    throw new RunInProgressError(start.runId, start.pid);
  }
  const releaseLock = acquireLock(paths.lock, start.runId);
  try {
    // What a killed run's shell actions left running could still change what is undone.
    const stoppedProcesses = finished
      ? []
      : await stopLeftoverProcesses(recordedProcesses(journal.events), {
          ...(options.killGraceMs !== undefined ? { graceMs: options.killGraceMs } : {}),
          ...(options.logger ? { logger: options.logger } : {}),
        });
    const states = replay(journal.events);
    const completed = [...states.values()].filter((s) => s.status === StepStatus.SUCCESS);
    completed.sort((a, b) => a.finishOrder - b.finishOrder);
    const interrupted = [...states.values()].filter((s) => s.started && s.status === undefined);
    const alreadyUndone = [...states.values()].filter((s) => s.undone).map((s) => s.id);
    const toUndo = [...completed, ...interrupted].filter((s) => !s.undone);

    const registry = options.registry ?? getCommandRegistry();
    const context = new WorkflowContext({
      workingDirectory: start.workdir,
      variables: start.variables ?? {},
      logger: options.logger ?? silentLogger,
    });
    context.runId = start.runId;
    context.runDir = runDir;
    const stepsById = options.definition && new Map(options.definition.steps.map((s) => [s.id, s]));
    const items = toUndo.map((s) =>
      undoItem(s, { registry, context, backups: paths.backups, stepsById }),
    );

    let report: RollbackReport;
    const sink =
      toUndo.length > 0
        ? combineSinks([
            new JournalWriter(paths.journal, runDir),
            options.onEvent ? listenerSink(options.onEvent) : undefined,
          ])
        : undefined;
    try {
      const outcome = await undoInReverse(items, "manual", sink);
      for (const id of outcome.rolledBack) states.get(id)!.undone = true;
      const complete =
        [...completed, ...interrupted].every((s) => s.undone) && outcome.irreversible.length === 0;
      const previous = readResultFile(paths.result);
      const status =
        toUndo.length === 0 && previous
          ? previous.status
          : complete
            ? WorkflowStatus.ROLLED_BACK
            : WorkflowStatus.PARTIALLY_ROLLED_BACK;
      report = {
        runId: start.runId,
        runDir,
        status,
        rolledBack: outcome.rolledBack,
        failed: [...outcome.failed].map(([stepId, error]) => ({ stepId, error })),
        irreversible: outcome.irreversible,
        alreadyUndone,
        interrupted: !finished,
        stoppedProcesses,
        problems: journal.problems,
      };
      if (toUndo.length > 0 || !previous) {
        writeResultFile(
          paths.result,
          updatedResult(previous, journal.start, states, report, journal.events),
        );
      }
    } finally {
      sink?.close();
    }
    return report;
  } finally {
    releaseLock();
  }
}

/** The process groups the journal says steps started. */
function recordedProcesses(events: JournalEvent[]): RecordedProcess[] {
  const processes: RecordedProcess[] = [];
  for (const e of events) {
    if (e.type !== "step_process") continue;
    const p: RecordedProcess = { pid: e.pid };
    if (typeof e.startTicks === "number") p.startTicks = e.startTicks;
    processes.push(p);
  }
  return processes;
}

function replay(events: JournalEvent[]): Map<string, StepState> {
  const states = new Map<string, StepState>();
  const start = events.find((e) => e.type === "run_started");
  if (start?.type === "run_started") {
    for (const s of start.steps)
      states.set(s.id, {
        id: s.id,
        reversible: s.reversible,
        started: false,
        attempts: 0,
        undone: false,
        finishOrder: -1,
      });
  }
  const get = (id: string): StepState => {
    let s = states.get(id);
    if (!s)
      states.set(
        id,
        (s = {
          id,
          reversible: false,
          started: false,
          attempts: 0,
          undone: false,
          finishOrder: -1,
        }),
      );
    return s;
  };
  let finishes = 0;
  for (const e of events) {
    switch (e.type) {
      case "step_started": {
        const s = get(e.step);
        s.started = true;
        s.attempts = e.attempt;
        if (e.undo) s.undo = e.undo;
        break;
      }
      case "step_rollback_data":
        get(e.step).rollbackData = e.data;
        break;
      case "step_finished": {
        const s = get(e.step);
        s.status = e.status;
        s.finishOrder = finishes++;
        s.attempts = e.attempts;
        s.metrics = e.metrics;
        if (e.error !== undefined) s.error = e.error;
        if (e.rollbackData !== undefined) s.rollbackData = e.rollbackData;
        break;
      }
      case "step_rolled_back":
        if (e.status === "rolled_back") get(e.step).undone = true;
        break;
      default:
        break;
    }
  }
  return states;
}

interface UndoEnvironment {
  registry: CommandRegistry;
  context: WorkflowContext;
  backups: string;
  stepsById: Map<string, WorkflowStep> | undefined;
}

function undoItem(state: StepState, env: UndoEnvironment): UndoItem {
  const execution: StepExecution = {
    stepId: state.id,
    attempt: state.attempts,
    signal: new AbortController().signal,
    workingDirectory: env.context.workingDirectory,
    backupDir: join(env.backups, state.id),
    env: env.context.env,
    logger: env.context.logger,
    remember() {},
    reportChildMetrics() {},
  };
  const recipe = state.undo;
  if (recipe) {
    return {
      stepId: state.id,
      undo: () => undoFromRecipe(env.registry, recipe, state.rollbackData, execution),
    };
  }
  const step = env.stepsById?.get(state.id);
  if (step?.reversible && step.rollback) {
    const result: StepResult = {
      stepId: state.id,
      status: StepStatus.SUCCESS,
      metrics: state.metrics ?? emptyMetrics(),
      attempts: state.attempts,
    };
    if (state.rollbackData !== undefined) result.rollbackData = state.rollbackData;
    const rollback = step.rollback;
    return { stepId: state.id, undo: () => rollback.call(step, env.context, result, execution) };
  }
  if (state.reversible) {
    return {
      stepId: state.id,
      undo: async () => {
        throw new Error(
          `the undo of step "${state.id}" is code in the workflow module, not in the run record; roll back with the module (momoflow rollback <module>)`,
        );
      },
    };
  }
  return { stepId: state.id, undo: undefined };
}

function updatedResult(
  previous: RunResultFile | undefined,
  start: Extract<JournalEvent, { type: "run_started" }>,
  states: Map<string, StepState>,
  report: RollbackReport,
  events: JournalEvent[],
): RunResultFile {
  const steps: ResultStep[] = start.steps.map((info) => {
    const s = states.get(info.id)!;
    const before = previous?.steps.find((p) => p.id === info.id);
    const status: StepStatus = s.undone
      ? StepStatus.ROLLED_BACK
      : report.failed.some((f) => f.stepId === info.id)
        ? StepStatus.ROLLBACK_FAILED
        : (before?.status ?? s.status ?? (s.started ? StepStatus.FAILED : StepStatus.NOT_RUN));
    const step: ResultStep = {
      ...info,
      status,
      attempts: s.attempts,
      metrics: s.metrics ?? before?.metrics ?? emptyMetrics(),
    };
    const error =
      report.failed.find((f) => f.stepId === info.id)?.error ??
      s.error ??
      (s.started && s.status === undefined
        ? "interrupted: the run ended while this step was running"
        : undefined);
    if (error !== undefined) step.error = error;
    if (before?.output !== undefined) step.output = before.output;
    return step;
  });
  const lastTime = Math.max(start.time, ...events.map((e) => e.time));
  return {
    v: 1,
    runId: start.runId,
    workflow: start.workflow,
    ...(start.source ? { source: start.source } : {}),
    workdir: start.workdir,
    status: report.status,
    error:
      previous?.error ??
      (report.interrupted ? "the run was interrupted before it finished" : undefined),
    metrics: previous?.metrics ?? {
      ...emptyMetrics(start.time),
      endTime: lastTime,
      durationMs: lastTime - start.time,
    },
    successRate:
      previous?.successRate ??
      steps.filter((s) => states.get(s.id)?.status === StepStatus.SUCCESS).length /
        Math.max(1, steps.length),
    rolledBackSteps: [...(previous?.rolledBackSteps ?? []), ...report.rolledBack],
    steps,
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** One rollback of a run at a time: a lock file holding the owner's pid (stale locks are taken over). */
function acquireLock(lockPath: string, runId: string): () => void {
  for (let tries = 0; tries < 2; tries++) {
    try {
      const fd = openSync(lockPath, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          unlinkSync(lockPath);
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number(readFileSync(lockPath, "utf8").trim());
      if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
        throw new Error(`run ${runId} is being rolled back by another process (pid ${owner})`, {
          cause: error,
        });
      }
      unlinkSync(lockPath);
    }
  }
  throw new Error(`cannot lock run ${runId} for rollback (${lockPath})`);
}
