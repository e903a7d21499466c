import { join } from "node:path";
import { readProcessIdentity } from "../commands/linux-proc";
import type { StepProcessEvent } from "../record/journal-event";
import type { EventSink } from "../record/journal-writer";
import { RecordWriteError } from "../record/record-write-error";
import type { RunLogWriter } from "../record/step-log-writer";
import type { WorkflowContext } from "./context";
import { emptyMetrics, finishMeasurement, startMeasurement, type ChildMetrics } from "./metrics";
import { StepStatus } from "./status";
import { StepOutput, type StepOutputChunk } from "./step-output";
import type { SecretMask } from "./secret-mask";
import { errorMessage, type StepExecution, type StepResult, type WorkflowStep } from "./step";

/** What the runner of one step needs from its run: its context, record, signal and outlets. */
export interface RunServices {
  context: WorkflowContext;
  /** Aborted when the run is cancelled or stops. */
  signal: AbortSignal;
  sink: EventSink | undefined;
  /** Folder for per-step backups (inside the run record, or a temp folder without one). */
  backupsDir: string;
  failSteps: ReadonlySet<string>;
  /**
   * Called when a write to the run record failed: the step stops before the
   * effect the write was to protect, and the run must fail.
   */
  onRecordError(error: RecordWriteError): void;
  /** Where the steps' logs go (absent when the run keeps no record). */
  logs?: RunLogWriter;
  /** Receives each step's output as it arrives (`ExecuteOptions.onOutput`). */
  onOutput?: (chunk: StepOutputChunk) => void;
  /** Secret values, shown as `***` in what the steps print. */
  mask: SecretMask;
}

const DEFAULT_RETRY_DELAY_MS = 1000;
/** How long a timed-out step may take to wind down (its process group being killed). */
const TIMEOUT_GRACE_MS = 5000;

/** A step's result, and whether its rollback data is already in the journal. */
export interface StepOutcome {
  result: StepResult;
  /** The rollback data was recorded by `remember` (before the effect), not only returned at the end. */
  rollbackDataRecorded: boolean;
}

/**
 * Runs one step to its outcome: failure injection, preconditions, every
 * attempt with its timeout and the doubling delay between retries. Never throws:
 * a throw from the step becomes a failed result.
 */
export async function runStep(step: WorkflowStep, run: RunServices): Promise<StepOutcome> {
  const measurement = startMeasurement();
  const maxAttempts = 1 + Math.max(0, step.retries ?? 0);
  let result: StepResult | undefined;
  let childMetrics: ChildMetrics | undefined;
  let remembered: unknown;
  let attempt = 0;
  let recordFailed = false;
  const output = new StepOutput(step.id, run.logs, run.onOutput, run.context.logger, run.mask);
  const recordFailure = (error: unknown): string => {
    const failure =
      error instanceof RecordWriteError ? error : new RecordWriteError("journal", error);
    recordFailed = true;
    run.onRecordError(failure);
    return failure.message;
  };

  while (attempt < maxAttempts) {
    if (attempt > 0) {
      const delay = (step.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS) * 2 ** (attempt - 1);
      run.context.logger.info(
        `retrying step "${step.id}" in ${delay} ms (attempt ${attempt + 1} of ${maxAttempts})`,
      );
      // Cancelled while waiting: the attempt never happens, so it is not counted.
      if (!(await sleep(delay, run.signal))) break;
    }
    attempt++;
    output.startAttempt(attempt);
    // What fails before the action (an injected failure, unmet preconditions, a
    // run already cancelled) fails before the intent: such a step is not half-done.
    const early =
      failureBeforeStart(step, run) ??
      (step.validatePreconditions ? await unmetPreconditions(step, run) : undefined);
    if (early) {
      result = early;
      continue;
    }
    let rememberedNow: unknown;
    if (run.sink) {
      const undo = step.undoRecipe?.(run.context);
      // The first attempt of a step without preconditions starts when its measurement does: one clock read.
      const time =
        attempt === 1 && !step.validatePreconditions ? measurement.startTime : Date.now();
      try {
        run.sink.emit(
          undo
            ? { type: "step_started", time, step: step.id, attempt, undo }
            : { type: "step_started", time, step: step.id, attempt },
        );
      } catch (error) {
        // No intent, no effect: the step stops here, and so does the run.
        result = failed(step, recordFailure(error));
        break;
      }
    }
    const attemptSignal = step.timeoutMs === undefined ? run.signal : linkedSignal(run.signal);
    const execution: StepExecution = {
      stepId: step.id,
      attempt,
      signal: attemptSignal instanceof AbortController ? attemptSignal.signal : attemptSignal,
      workingDirectory: run.context.workingDirectory,
      // A getter: most steps never need it, and the path costs a join per step.
      get backupDir() {
        return join(run.backupsDir, step.id);
      },
      env: run.context.env,
      // A getter: a silent step never builds its logger.
      get logger() {
        return output.logger;
      },
      writeOutput(stream, text) {
        output.write(stream, text);
      },
      remember(data) {
        try {
          run.sink?.emit({ type: "step_rollback_data", time: Date.now(), step: step.id, data });
        } catch (error) {
          // Thrown into the step before its effect: the data is not recorded, so nothing may change.
          throw new Error(recordFailure(error), { cause: error });
        }
        rememberedNow = data;
      },
      reportChildMetrics(m) {
        childMetrics = m;
      },
      // Only shell actions call it: in-process steps pay nothing.
      reportProcess(pid) {
        try {
          run.sink?.emit(stepProcessEvent(step.id, pid));
        } catch (error) {
          // The shell waits for this to return before the script runs: a throw ends it unrun.
          throw new Error(recordFailure(error), { cause: error });
        }
      },
    };
    try {
      result = await attemptStep(step, run, execution, attemptSignal);
    } finally {
      output.endAttempt();
      if (attemptSignal instanceof AbortController) attemptSignal.abort(); // also drops its parent listener
    }
    if (rememberedNow !== undefined) remembered = rememberedNow;
    if (result.status === StepStatus.SUCCESS || run.signal.aborted || recordFailed) break;
  }

  output.close();
  const final: StepResult = {
    stepId: step.id,
    status: result?.status ?? StepStatus.FAILED,
    metrics: finishMeasurement(measurement, childMetrics),
    attempts: attempt,
  };
  if (output.logPath !== undefined) final.log = output.logPath;
  if (result?.output !== undefined) final.output = result.output;
  if (result?.error !== undefined) final.error = result.error;
  const rollbackData = result?.rollbackData ?? remembered;
  if (rollbackData !== undefined) final.rollbackData = rollbackData;
  if (!result) final.error = "cancelled before the retry";
  return {
    result: final,
    rollbackDataRecorded: rollbackData !== undefined && rollbackData === remembered,
  };
}

/**
 * The durable record of a process group a step started. On Linux it holds the
 * leader's start time, so a later rollback can tell it from a recycled pid.
 */
function stepProcessEvent(stepId: string, pid: number): StepProcessEvent {
  const event: StepProcessEvent = { type: "step_process", time: Date.now(), step: stepId, pid };
  if (process.platform === "linux") {
    const startTicks = readProcessIdentity(pid)?.startTicks;
    if (startTicks !== undefined) event.startTicks = startTicks;
  }
  return event;
}

async function attemptStep(
  step: WorkflowStep,
  run: RunServices,
  execution: StepExecution,
  attemptSignal: AbortSignal | AbortController,
): Promise<StepResult> {
  try {
    const running = step.execute(run.context, execution);
    const outcome =
      attemptSignal instanceof AbortController
        ? await withTimeout(running, step.timeoutMs!, attemptSignal)
        : await running;
    // A step that failed once its timeout aborted it (a js() function that
    // stopped on its signal) failed because of the timeout: say so.
    const reason =
      attemptSignal instanceof AbortController ? attemptSignal.signal.reason : undefined;
    if (outcome.status === StepStatus.FAILED && reason instanceof StepTimeoutError) {
      return failed(step, reason.message);
    }
    if (outcome.status !== StepStatus.SUCCESS && outcome.status !== StepStatus.FAILED) {
      return failed(
        step,
        `execute() returned status "${outcome.status}"; expected success or failed`,
      );
    }
    return outcome;
  } catch (error) {
    // Whatever the action threw when its signal was aborted, a timeout is reported as one.
    const reason =
      attemptSignal instanceof AbortController ? attemptSignal.signal.reason : undefined;
    if (reason instanceof StepTimeoutError) return failed(step, reason.message);
    if (run.signal.aborted) return failed(step, `cancelled: ${errorMessage(error)}`);
    return failed(step, errorMessage(error));
  }
}

/** A failure known before the step starts: an injected one, or a run already cancelled. */
function failureBeforeStart(step: WorkflowStep, run: RunServices): StepResult | undefined {
  if (run.failSteps.has(step.id)) return failed(step, "failure injected by the test");
  if (run.signal.aborted) return failed(step, "cancelled");
  return undefined;
}

/** The step's own preconditions, checked before its intent is recorded. */
async function unmetPreconditions(
  step: WorkflowStep,
  run: RunServices,
): Promise<StepResult | undefined> {
  try {
    const problems = await step.validatePreconditions!(run.context);
    return problems.length > 0
      ? failed(step, `preconditions not met: ${problems.join("; ")}`)
      : undefined;
  } catch (error) {
    return failed(step, errorMessage(error));
  }
}

function failed(step: WorkflowStep, error: string): StepResult {
  return {
    stepId: step.id,
    status: StepStatus.FAILED,
    // Replaced by the step's measured metrics; 0 times say nothing was measured.
    metrics: emptyMetrics(0),
    attempts: 1,
    error,
  };
}

class StepTimeoutError extends Error {}

/**
 * Ends an attempt after `ms`: aborts its signal (a shell action kills its whole
 * process group), waits a grace period for it to wind down, then fails it.
 */
async function withTimeout(
  running: Promise<StepResult>,
  ms: number,
  controller: AbortController,
): Promise<StepResult> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort(new StepTimeoutError(`timed out after ${formatMs(ms)}`));
      const grace = setTimeout(() => reject(controller.signal.reason), TIMEOUT_GRACE_MS);
      running.finally(() => {
        clearTimeout(grace);
        reject(controller.signal.reason);
      });
    }, ms);
  });
  try {
    return await Promise.race([running, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/** A controller aborted with its parent; aborting it detaches it from the parent. */
function linkedSignal(parent: AbortSignal): AbortController {
  const controller = new AbortController();
  if (parent.aborted) {
    controller.abort(parent.reason);
    return controller;
  }
  const onParentAbort = (): void => controller.abort(parent.reason);
  parent.addEventListener("abort", onParentAbort, { once: true });
  controller.signal.addEventListener(
    "abort",
    () => parent.removeEventListener("abort", onParentAbort),
    { once: true },
  );
  return controller;
}

/** Waits `ms`; resolves false early when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`;
}
