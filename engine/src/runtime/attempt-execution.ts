import { join } from "node:path";
import type { EventSink } from "../record/journal-writer";
import { RecordWriteError } from "../record/record-write-error";
import { stepProcessEvent } from "../record/step-process-event";
import type { Logger } from "./logger";
import type { ChildMetrics } from "./metrics";
import type { StepExecution } from "./step";
import { StepOutput, type StepOutputSinks } from "./step-output";

/** Where an attempt's writes to the run record and its output go, and who hears when a write fails. */
export interface AttemptRecord extends StepOutputSinks {
  sink: EventSink | undefined;
  /** Folder for per-step backups (inside the run record, or a temp folder without one). */
  backupsDir: string;
  /** Who hears what an attempt tells its run. */
  listener: AttemptListener;
}

/**
 * What an attempt tells its run, besides its result. One object, not a
 * property per callback: the run's services are read on every step, and
 * each property more made every step dearer (about 1,000 instructions for a
 * second callback, valgrind).
 */
export interface AttemptListener {
  /** A write to the run record failed: the step stops before the effect the write was to protect, and the run must fail. */
  recordFailed(error: RecordWriteError): void;
  /**
   * The worker that holds an attempt (`run --on`), as soon as it is known:
   * a step the run gives up on never returns a result to carry it.
   */
  workerHolds(stepId: string, worker: string): void;
  /**
   * An attempt never started (`reportNeverStarted`): a step the run gives
   * up on never returns a result to say so.
   */
  attemptNeverStarted(stepId: string, attempt: number): void;
}

/**
 * What the engine hands one attempt of a step: a class of fixed shape whose
 * methods live on the prototype, so an attempt costs one small object
 * instead of an object literal with getters and a closure per method. It
 * also keeps what the attempt reported (rollback data, child metrics, a
 * failed record write) for the step runner to read afterwards.
 */
export class AttemptExecution implements StepExecution {
  /** What `remember` recorded in this attempt (undefined: nothing). */
  remembered: unknown = undefined;
  childMetrics: ChildMetrics | undefined = undefined;
  /** The worker that held this attempt (`reportWorker`); undefined: none reported. */
  worker: string | undefined = undefined;
  /** A write to the run record failed during the attempt: the run must stop. */
  recordFailed = false;
  /** The attempt never started (`reportNeverStarted`). */
  neverStarted = false;

  constructor(
    readonly stepId: string,
    readonly attempt: number,
    readonly signal: AbortSignal,
    readonly workingDirectory: string,
    readonly env: Record<string, string | undefined>,
    /** The step's output across its attempts; made on first use when not given (most steps print nothing). */
    private output: StepOutput | undefined,
    private readonly record: AttemptRecord,
  ) {}

  /** The step's output, if anything made it: a silent step of one attempt never does. */
  get outputIfMade(): StepOutput | undefined {
    return this.output;
  }

  private get out(): StepOutput {
    return (this.output ??= StepOutput.of(this.stepId, this.record));
  }

  /** A getter: most steps never need it, and the path costs a join per step. */
  get backupDir(): string {
    return join(this.record.backupsDir, this.stepId);
  }

  /** A getter: a silent step never builds its logger. */
  get logger(): Logger {
    return this.out.logger;
  }

  hideInMessage(text: string): string {
    return this.record.mask.text(text);
  }

  writeOutput(stream: "stdout" | "stderr", text: string): void {
    this.out.write(stream, text);
  }

  remember(data: unknown): void {
    try {
      this.record.sink?.emit({
        type: "step_rollback_data",
        time: Date.now(),
        step: this.stepId,
        data,
      });
    } catch (error) {
      // Thrown into the step before its effect: the data is not recorded, so nothing may change.
      throw new Error(this.recordFailure(error), { cause: error });
    }
    this.remembered = data;
  }

  reportChildMetrics(metrics: ChildMetrics): void {
    this.childMetrics = metrics;
  }

  reportWorker(name: string): void {
    this.worker = name;
    this.record.listener.workerHolds(this.stepId, name);
  }

  reportNeverStarted(): void {
    this.neverStarted = true;
    this.record.listener.attemptNeverStarted(this.stepId, this.attempt);
  }

  reportLogIncomplete(worker: string): void {
    this.record.logs?.markIncomplete(this.stepId, worker);
  }

  /** Only shell actions call it: in-process steps pay nothing. */
  reportProcess(pid: number): void {
    try {
      this.record.sink?.emit(stepProcessEvent(this.stepId, pid));
    } catch (error) {
      // The shell waits for this to return before the script runs: a throw ends it unrun.
      throw new Error(this.recordFailure(error), { cause: error });
    }
  }

  private recordFailure(error: unknown): string {
    this.recordFailed = true;
    return reportRecordFailure(error, this.record);
  }
}

/** Tells the run that a write to its record failed; returns the message for the step's failure. */
export function reportRecordFailure(error: unknown, record: AttemptRecord): string {
  const failure =
    error instanceof RecordWriteError ? error : new RecordWriteError("journal", error);
  record.listener.recordFailed(failure);
  return failure.message;
}
