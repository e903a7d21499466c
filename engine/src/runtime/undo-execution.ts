import { join } from "node:path";
import type { StepProcessEvent } from "../record/journal-event";
import { stepProcessEvent } from "../record/step-process-event";
import type { WorkflowContext } from "./context";
import type { Logger } from "./logger";
import type { StepExecution } from "./step";
import { StepOutput, type StepOutputSinks } from "./step-output";
import type { UndoAbort } from "./undo-abort";

/** An undo's execution: a {@link StepExecution} whose output is ended once the undo is. */
export interface UndoStepExecution extends StepExecution {
  /** The undo ended: what it left of an unfinished line is written, then `note` (one line), and its log closed. */
  endOutput(note?: string): void;
}

/**
 * What an undo of step `stepId` is given as its execution: the run's folder,
 * environment and logger, its backup folder (`<backupsDir>/<stepId>`), and
 * a signal (`abort`'s, made only if the undo reads it: `undoSteps` gives
 * each undo its own, aborted when the undo is given up; without, one that
 * never aborts). It records nothing: rollback
 * data and child metrics are for a forward step. The live run, `rollbackRun`
 * and a worker's undo share it.
 *
 * @param force replace work done since the step (`momoflow rollback --force`).
 * @param record where the undo's process groups are recorded (a shell undo
 *   runs only once its `step_process` event was), so that a rollback after
 *   this one was killed stops them before undoing the step again; it must
 *   not throw. Without it they are not recorded.
 * @param output where what the undo prints goes, masked as a step's output
 *   is: the step's log, after a line `── rollback ──`, and the live listener
 *   (the terminal). Without it, nowhere. It is ended (`endOutput`) when the
 *   undo ends: by `abort`'s watcher (`undoSteps`), else by the caller.
 */
export function undoExecution(
  context: WorkflowContext,
  stepId: string,
  attempt: number,
  backupsDir: string,
  force?: boolean,
  record?: (event: StepProcessEvent) => void,
  abort?: UndoAbort,
  output?: StepOutputSinks,
): UndoStepExecution {
  return record === undefined
    ? new UndoExecution(context, stepId, attempt, backupsDir, force, abort, undefined, output)
    : new RecordedUndoExecution(context, stepId, attempt, backupsDir, force, abort, record, output);
}

/**
 * An undo's execution, one per undo: a class (one shape, fields set once)
 * whose backup folder is joined only when read — most undos never read it,
 * and a rollback makes one per step. Its output is made when it first
 * prints: most undos print nothing.
 */
class UndoExecution implements UndoStepExecution {
  // Set by the constructor, not declared with values: a subclass's `new` (one
  // per undo) is then plain stores V8 inlines, not a call that defines each field.
  declare readonly stepId: string;
  declare readonly attempt: number;
  declare private readonly backupsDir: string;
  declare readonly force: boolean | undefined;
  declare private readonly abort: UndoAbort | undefined;
  declare readonly workingDirectory: string;
  declare readonly env: Record<string, string | undefined>;
  declare private readonly contextLogger: Logger;
  declare private joinedBackupDir: string | undefined;
  /** Where a {@link RecordedUndoExecution} records its process groups (set on every one: one shape). */
  declare protected readonly record: ((event: StepProcessEvent) => void) | undefined;
  declare private readonly sinks: StepOutputSinks | undefined;
  declare private output: StepOutput | undefined;

  constructor(
    context: WorkflowContext,
    stepId: string,
    attempt: number,
    backupsDir: string,
    force: boolean | undefined,
    abort: UndoAbort | undefined,
    record: ((event: StepProcessEvent) => void) | undefined,
    sinks: StepOutputSinks | undefined,
  ) {
    this.stepId = stepId;
    this.attempt = attempt;
    this.backupsDir = backupsDir;
    this.force = force;
    this.abort = abort;
    this.workingDirectory = context.workingDirectory;
    this.env = context.env;
    this.contextLogger = context.logger;
    this.joinedBackupDir = undefined;
    this.record = record;
    this.sinks = sinks;
    this.output = undefined;
  }

  get signal(): AbortSignal {
    return this.abort === undefined ? NEVER_ABORTED : this.abort.signal;
  }

  get backupDir(): string {
    return (this.joinedBackupDir ??= join(this.backupsDir, this.stepId));
  }

  /** The undo's logger: its lines go where its output does (a `js()` undo's `context.logger` lines too). */
  get logger(): Logger {
    return this.sinks === undefined ? this.contextLogger : this.undoOutput()!.logger;
  }

  writeOutput(stream: "stdout" | "stderr", text: string): void {
    this.undoOutput()?.write(stream, text);
  }

  private undoOutput(): StepOutput | undefined {
    if (this.output === undefined && this.sinks !== undefined) {
      this.output = StepOutput.of(this.stepId, this.sinks);
      this.output.startUndo();
      // Ended with the undo, by whoever watches it: no promise around an undo that may print.
      if (this.abort !== undefined) this.abort.outputEnd = (note) => this.endOutput(note);
    }
    return this.output;
  }

  endOutput(note?: string): void {
    if (note !== undefined) this.output?.noteInLog(note);
    this.output?.close();
  }

  remember(): void {}

  reportChildMetrics(): void {}

  /** The step never started anywhere: its undo had nothing to undo (see `UndoAbort.neverStarted`). */
  reportNeverStarted(): void {
    if (this.abort !== undefined) this.abort.neverStarted = true;
  }

  /** Its workers found the step undone already (see `UndoAbort.foundUndoneOn`). */
  reportFoundUndone(workers: readonly string[]): void {
    if (this.abort !== undefined) this.abort.foundUndoneOn = [...workers];
  }
}

/**
 * An undo's execution whose process groups are recorded. `reportProcess` is
 * a method, not a closure made per undo (most undos start no process); an
 * execution without it runs a shell undo ungated, as nothing waits to
 * record its process.
 */
class RecordedUndoExecution extends UndoExecution {
  reportProcess(pid: number): void {
    this.record!(stepProcessEvent(this.stepId, pid, true));
  }
}

/** One signal that never aborts serves every undo. */
const NEVER_ABORTED: AbortSignal = new AbortController().signal;
