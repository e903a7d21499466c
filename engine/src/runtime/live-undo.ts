import type { JournalEvent } from "../record/journal-event";
import { undoCalls, type ReplayedStep } from "../record/journal-replay";
import type { WorkflowContext } from "./context";
import type { UndoItem } from "./rollback";
import { undoExecution } from "./undo-execution";
import type { StepExecution, StepResult, WorkflowStep } from "./step";
import type { StepOutputSinks } from "./step-output";
import type { UndoAbort } from "./undo-abort";
import { readRunStart } from "../record/run-index";
import { runRecordPaths } from "../record/run-paths";
import {
  ownOutputNeverGiven,
  ownOutputUndoError,
  type OwnOutputRun,
} from "./undo-own-output-by-hand";

/**
 * How the live run undoes one step of its plan: the step's own `rollback()`,
 * once per attempt's data (see `undoCalls`). A class whose `undo` reads its
 * fields, not an object holding a closure: a rollback makes one per step it
 * undoes, and each closure was an object and a context more to allocate
 * while undoing.
 */
export class LiveUndo implements UndoItem {
  readonly stepId: string;
  readonly processes: ReplayedStep["processes"];
  readonly timeoutMs: number | undefined;

  /**
   * @param result the step's result in the run (copied for each call, see {@link attemptResultFor}).
   * @param record where the undo's process groups are recorded (see `undoExecution`).
   * @param output where what the undo prints goes (see `undoExecution`).
   */
  constructor(
    private readonly step: WorkflowStep,
    private readonly result: StepResult,
    private readonly replayed: ReplayedStep,
    private readonly context: WorkflowContext,
    private readonly backupsDir: string,
    private readonly record: (event: JournalEvent) => void,
    private readonly output: StepOutputSinks | undefined,
  ) {
    this.stepId = step.id;
    this.processes = replayed.processes;
    this.timeoutMs = step.rollbackTimeoutMs;
  }

  undo(abort: UndoAbort): Promise<void> {
    const step = this.step;
    if (!step.rollback) throw new Error(`step "${step.id}" is reversible but has no rollback()`);
    // Said as momoflow rollback says it, with what to do by hand (its run record has the log).
    const runDir = this.context.runDir;
    if (runDir !== undefined && ownOutputNeverGiven(this.replayed))
      return Promise.reject(ownOutputUndoError(this.replayed, this.runOf(runDir)));
    // Made here, with the undo's abort, not copied with it: a rollback makes one per step.
    const execution = undoExecution(
      this.context,
      step.id,
      this.result.attempts,
      this.backupsDir,
      undefined,
      this.record,
      abort,
      this.output,
    );
    const data = this.replayed.attemptData;
    // One attempt's data or none (almost every step): one call, as `undoCalls` makes it, and
    // the rollback's own promise, with no loop and no async frame around it.
    // What it prints is ended with it, by the rollback that watches `abort` (see `undoExecution`).
    if (data.length <= 1)
      return step.rollback(this.context, attemptResultFor(this.result, data[0]), execution);
    return this.undoEachAttempt(undoCalls(this.replayed), execution);
  }

  /** The run, as far as undoing a step by hand goes: the workflow and its file from the record's first line. */
  private runOf(runDir: string): OwnOutputRun {
    const start = readRunStart(runRecordPaths(runDir).journal);
    return {
      runDir,
      workdir: this.context.workingDirectory,
      workflowId: start?.workflow.id,
      source: start?.source,
    };
  }

  private async undoEachAttempt(calls: unknown[], execution: StepExecution): Promise<void> {
    for (const data of calls)
      await this.step.rollback!(this.context, attemptResultFor(this.result, data), execution);
  }
}

/**
 * The result a step's `rollback()` is given for one of its attempts' data:
 * a copy (the rollback must not change the run's result) holding that
 * attempt's rollback data, or none.
 */
function attemptResultFor(result: StepResult, data: unknown): StepResult {
  if (data !== undefined) return { ...result, rollbackData: data };
  const copy: StepResult = { ...result };
  // A delete makes the copy a dictionary: only when there is something to delete.
  if ("rollbackData" in copy) delete copy.rollbackData;
  return copy;
}
