import type { RecordWriteError } from "../record/record-write-error";
import type { StepEnd } from "./scheduler";
import type { RunLogWriter } from "../record/step-log-writer";
import type { WorkflowContext } from "./context";
import {
  emptyMetrics,
  finishMeasurement,
  startMeasurement,
  type ChildMetrics,
  type Measurement,
} from "./metrics";
import { StepStatus } from "./status";
import { StepOutput, type StepOutputChunk } from "./step-output";
import type { SecretMask } from "./secret-mask";
import { AttemptExecution, reportRecordFailure, type AttemptRecord } from "./attempt-execution";
import { errorMessage, type StepResult, type WorkflowStep } from "./step";

/** What the runner of one step needs from its run: its context, record, signal and outlets. */
export interface RunServices extends AttemptRecord {
  context: WorkflowContext;
  /** Aborted when the run is cancelled or stops. */
  signal: AbortSignal;
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

/** What the run does with each step's outcome, and how the step ended for the steps that need it. */
export interface StepOutcomeHandler {
  stepEnded(index: number, outcome: StepOutcome): StepEnd | Promise<StepEnd>;
}

/**
 * Runs step `index` to its outcome: failure injection, preconditions, every
 * attempt with its timeout and the doubling delay between retries; then hands
 * the outcome to `handler` and resolves with what it says. The run's
 * bookkeeping rides in this async frame, so a step costs one, not two.
 * Never throws: a throw from the step becomes a failed result.
 */
export function runStep(
  step: WorkflowStep,
  run: RunServices,
  index: number,
  handler: StepOutcomeHandler,
): Promise<StepEnd> {
  const once = !step.retries && step.timeoutMs === undefined && !step.validatePreconditions;
  return once ? runOnce(step, run, index, handler) : runAttempts(step, run, index, handler);
}

/**
 * A step of one attempt, no timeout and no preconditions (most steps): the
 * same rules as {@link runAttempts}, in a small async frame (a suspended
 * async function keeps all of its registers, so a small one costs less).
 */
async function runOnce(
  step: WorkflowStep,
  run: RunServices,
  index: number,
  handler: StepOutcomeHandler,
): Promise<StepEnd> {
  const measurement = startMeasurement();
  const output = new StepOutput(step.id, run.logs, run.onOutput, run.context.logger, run.mask);
  output.startAttempt(1);
  let result = failureBeforeStart(step, run) ?? recordIntent(step, run, 1, measurement.startTime);
  let execution: AttemptExecution | undefined;
  if (result === undefined) {
    execution = new AttemptExecution(
      step.id,
      1,
      run.signal,
      run.context.workingDirectory,
      run.context.env,
      output,
      run,
    );
    try {
      result = checkedResult(step, await step.execute(run.context, execution), run.signal);
    } catch (error) {
      result = thrownResult(step, run, error, run.signal);
    } finally {
      output.endAttempt();
    }
  }
  const outcome = finishStep(step, measurement, output, result, 1, {
    remembered: execution?.remembered,
    childMetrics: execution?.childMetrics,
  });
  return handler.stepEnded(index, outcome);
}

/** Every attempt of a step that may retry, time out or check preconditions. */
async function runAttempts(
  step: WorkflowStep,
  run: RunServices,
  index: number,
  handler: StepOutcomeHandler,
): Promise<StepEnd> {
  const measurement = startMeasurement();
  const maxAttempts = 1 + Math.max(0, step.retries ?? 0);
  let result: StepResult | undefined;
  let childMetrics: ChildMetrics | undefined;
  let remembered: unknown;
  let attempt = 0;
  let recordFailed = false;
  const output = new StepOutput(step.id, run.logs, run.onOutput, run.context.logger, run.mask);
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
    // The first attempt of a step without preconditions starts when its measurement does: one clock read.
    const time = attempt === 1 && !step.validatePreconditions ? measurement.startTime : Date.now();
    const unrecorded = recordIntent(step, run, attempt, time);
    if (unrecorded) {
      result = unrecorded;
      break;
    }
    const attemptSignal = step.timeoutMs === undefined ? run.signal : linkedSignal(run.signal);
    const execution = new AttemptExecution(
      step.id,
      attempt,
      attemptSignal instanceof AbortController ? attemptSignal.signal : attemptSignal,
      run.context.workingDirectory,
      run.context.env,
      output,
      run,
    );
    try {
      const running = step.execute(run.context, execution);
      const returned =
        attemptSignal instanceof AbortController
          ? await withTimeout(running, step.timeoutMs!, attemptSignal)
          : await running;
      result = checkedResult(step, returned, attemptSignal);
    } catch (error) {
      result = thrownResult(step, run, error, attemptSignal);
    } finally {
      output.endAttempt();
      if (attemptSignal instanceof AbortController) attemptSignal.abort(); // also drops its parent listener
    }
    if (execution.remembered !== undefined) remembered = execution.remembered;
    childMetrics = execution.childMetrics ?? childMetrics;
    recordFailed ||= execution.recordFailed;
    if (result.status === StepStatus.SUCCESS || run.signal.aborted || recordFailed) break;
  }
  const outcome = finishStep(step, measurement, output, result, attempt, {
    remembered,
    childMetrics,
  });
  return handler.stepEnded(index, outcome);
}

/**
 * Records the intent of an attempt before its action (with the step's undo
 * as it is now); a failure when the record cannot take it: no intent, no
 * effect, and the run stops.
 */
function recordIntent(
  step: WorkflowStep,
  run: RunServices,
  attempt: number,
  time: number,
): StepResult | undefined {
  if (!run.sink) return undefined;
  const undo = step.undoRecipe?.(run.context);
  try {
    run.sink.emit(
      undo
        ? { type: "step_started", time, step: step.id, attempt, undo }
        : { type: "step_started", time, step: step.id, attempt },
    );
    return undefined;
  } catch (error) {
    return failed(step, reportRecordFailure(error, run));
  }
}

/** What a step's attempts reported beside their results. */
interface AttemptReports {
  /** The last rollback data an attempt recorded with `remember`. */
  remembered: unknown;
  childMetrics: ChildMetrics | undefined;
}

/** The step's result from its last attempt's, with its measured metrics, its log and its rollback data. */
function finishStep(
  step: WorkflowStep,
  measurement: Measurement,
  output: StepOutput,
  result: StepResult | undefined,
  attempts: number,
  reports: AttemptReports,
): StepOutcome {
  output.close();
  const final: StepResult = {
    stepId: step.id,
    status: result?.status ?? StepStatus.FAILED,
    metrics: finishMeasurement(measurement, reports.childMetrics),
    attempts,
  };
  if (output.logPath !== undefined) final.log = output.logPath;
  if (result?.output !== undefined) final.output = result.output;
  if (result?.error !== undefined) final.error = result.error;
  if (result?.worker !== undefined) final.worker = result.worker;
  const rollbackData = result?.rollbackData ?? reports.remembered;
  if (rollbackData !== undefined) final.rollbackData = rollbackData;
  if (!result) final.error = "cancelled before the retry";
  return {
    result: final,
    rollbackDataRecorded: rollbackData !== undefined && rollbackData === reports.remembered,
  };
}

/** What an attempt returned, as its result: a timeout says so, and only success or failure count. */
function checkedResult(
  step: WorkflowStep,
  returned: StepResult,
  attemptSignal: AbortSignal | AbortController,
): StepResult {
  // A step that failed once its timeout aborted it (a js() function that
  // stopped on its signal) failed because of the timeout: say so.
  const reason = attemptSignal instanceof AbortController ? attemptSignal.signal.reason : undefined;
  if (returned.status === StepStatus.FAILED && reason instanceof StepTimeoutError) {
    return failed(step, reason.message);
  }
  if (returned.status !== StepStatus.SUCCESS && returned.status !== StepStatus.FAILED) {
    return failed(
      step,
      `execute() returned status "${returned.status}"; expected success or failed`,
    );
  }
  return returned;
}

/** What an attempt that threw failed of: its timeout, the run's cancellation, or the error. */
function thrownResult(
  step: WorkflowStep,
  run: RunServices,
  error: unknown,
  attemptSignal: AbortSignal | AbortController,
): StepResult {
  // Whatever the action threw when its signal was aborted, a timeout is reported as one.
  const reason = attemptSignal instanceof AbortController ? attemptSignal.signal.reason : undefined;
  if (reason instanceof StepTimeoutError) return failed(step, reason.message);
  if (run.signal.aborted) return failed(step, `cancelled: ${errorMessage(error)}`);
  return failed(step, errorMessage(error));
}

/** A failure known before the step starts: an injected one, or a run already cancelled. */
function failureBeforeStart(step: WorkflowStep, run: RunServices): StepResult | undefined {
  if (run.failSteps.size > 0 && run.failSteps.has(step.id))
    return failed(step, "failure injected by the test");
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
