import { performance } from "node:perf_hooks";
import type { RunningStep, StepEnd, StepStart } from "./scheduler";
import type { RunLogWriter } from "../record/step-log-writer";
import type { WorkflowContext } from "./context";
import {
  emptyMetrics,
  finishMeasurement,
  startMeasurement,
  type ChildMetrics,
  type Measurement,
  type UsageReading,
  usageAtStart,
  wallTimeAt,
} from "./metrics";
import { FinishedStepResult } from "./result";
import { StepStatus } from "./status";
import { StepOutput, type StepOutputChunk } from "./step-output";
import type { SecretMask } from "./secret-mask";
import { settleSecretOutput } from "./secret-output";
import { AttemptExecution, reportRecordFailure, type AttemptRecord } from "./attempt-execution";
import { errorMessage, type StepResult, type WorkflowStep } from "./step";
import { setLongTimeout, type LongTimeout } from "./long-timeout";
import { noteStop, STOP_GRACE_MS, StopReason } from "./stop-grace";
import type { StepStartedEvent } from "../record/journal-event";
import { emitStarted } from "../record/journal-writer";
import type { AbortFlag } from "./abort-flag";
import { durationText, formatDuration } from "../units/quantity-text";

/** What the runner of one step needs from its run: its context, record, signal and outlets. */
export interface RunServices extends AttemptRecord {
  context: WorkflowContext;
  /** Aborted when the run is cancelled or stops. */
  signal: AbortSignal;
  /** `signal.aborted` as a field, read before each step (see {@link AbortFlag}); absent: the signal is read. */
  signalAborted?: AbortFlag;
  failSteps: ReadonlySet<string>;
  /** Where the steps' logs go (absent when the run keeps no record). */
  logs?: RunLogWriter;
  /** Receives each step's output as it arrives (`ExecuteOptions.onOutput`). */
  onOutput?: (chunk: StepOutputChunk) => void;
  /** Secret values, shown as `***` in what the steps print. */
  mask: SecretMask;
}

const DEFAULT_RETRY_DELAY_MS = 1000;

/** A step's result, and whether its rollback data is already in the journal. */
export interface StepOutcome {
  result: StepResult;
  /** The rollback data was recorded by `remember` (before the effect), not only returned at the end. */
  rollbackDataRecorded: boolean;
}

/**
 * What the run does with each step's outcome, and how the step ended for the
 * steps that need it. The outcome comes as two arguments, not a
 * {@link StepOutcome}: an object made per step only to be read once.
 * `rollbackDataRecorded`: as {@link StepOutcome.rollbackDataRecorded}.
 */
export interface StepOutcomeHandler {
  stepEnded(
    index: number,
    result: StepResult,
    rollbackDataRecorded: boolean,
  ): StepEnd | Promise<StepEnd>;
}

/**
 * Runs step `index` to its outcome: failure injection, preconditions, every
 * attempt with its timeout and the doubling delay between retries; then hands
 * the outcome to `handler` and gives what it says. A step of one attempt
 * (most steps) whose action is still running comes back as a
 * {@link RunningStep} for the caller to await: the run's bookkeeping rides
 * in no async frame of its own, so a step costs one await, not two; one
 * whose action returned a result (not a promise) ends at once.
 * Never throws: a throw from the step becomes a failed result.
 * `afterFailure`: started to handle the run's failure (a handler), which its
 * intents record, so a rollback keeps what it did even if the run is killed
 * before its outcome is written. `startMono`: a monotonic reading taken just
 * now (the end of the step before, see `Scheduler`) that a step of one
 * attempt takes as its start instead of reading the clock; NaN: none.
 */
export function runStep(
  step: WorkflowStep,
  run: RunServices,
  index: number,
  handler: StepOutcomeHandler,
  afterFailure = false,
  startMono = NaN,
): StepStart {
  // A step whose output is a secret holds its output back: its attempt has a StepOutput from the start.
  const once =
    !step.retries &&
    step.timeoutMs === undefined &&
    !step.validatePreconditions &&
    step.secretOutput === undefined;
  return once
    ? startOnce(step, run, index, handler, afterFailure, startMono)
    : runAttempts(step, run, index, handler, afterFailure);
}

/**
 * Starts a step of one attempt, no timeout and no preconditions: the same
 * rules as {@link runAttempts}, without an async frame.
 */
function startOnce(
  step: WorkflowStep,
  run: RunServices,
  index: number,
  handler: StepOutcomeHandler,
  afterFailure: boolean,
  startMono: number,
): StepStart {
  const attempt = new OnceAttempt(step, run, index, handler, startMono);
  const early =
    failureBeforeStart(step, run) ??
    failureBeforeAction(step, run) ??
    recordIntent(step, run, 1, attempt.startTime, afterFailure);
  if (early !== undefined) return attempt.finish(early);
  let returned: unknown;
  try {
    returned = step.execute(run.context, attempt);
  } catch (error) {
    return attempt.settle(error, true);
  }
  if (!isThenable(returned)) return attempt.settle(returned, false);
  attempt.action = returned;
  return attempt;
}

/**
 * The one attempt of a step started by {@link startOnce}, while its action
 * runs. It is what the step's action is handed (its execution), the running
 * step the scheduler awaits and the step's measurement: one object per step
 * where there were three, and the step's output is made only when the step
 * prints.
 */
class OnceAttempt extends AttemptExecution implements RunningStep, Measurement {
  action: PromiseLike<unknown> = NOT_STARTED;
  readonly startTime: number;
  readonly startMono: number;
  readonly startUsage: UsageReading;
  endMono = NaN;

  constructor(
    private readonly step: WorkflowStep,
    private readonly run: RunServices,
    private readonly index: number,
    private readonly handler: StepOutcomeHandler,
    startMono: number,
  ) {
    super(step.id, 1, run.signal, run.context.workingDirectory, run.context.env, undefined, run);
    // The measurement's fields, read as startMeasurement() reads them (the clock only when not given a reading).
    this.startMono = Number.isNaN(startMono) ? performance.now() : startMono;
    this.startTime = wallTimeAt(this.startMono);
    this.startUsage = usageAtStart(this.startMono);
  }

  settle(value: unknown, threw: boolean): StepEnd | Promise<StepEnd> {
    const { step, run } = this;
    let result: StepResult;
    try {
      if (threw) throw value;
      result = checkedResult(step, value as StepResult, run.signal);
    } catch (error) {
      result = thrownResult(step, run, error, run.signal);
    } finally {
      this.outputIfMade?.endAttempt();
    }
    // As runAttempts does: the worker that held it, or that it never started, though the step threw.
    result = withAttemptReports(result, this.worker, this.neverStarted);
    return this.finish(result, this.remembered, this.childMetrics);
  }

  /** Hands the step's outcome to the run. */
  finish(
    result: StepResult,
    remembered?: unknown,
    childMetrics?: ChildMetrics,
  ): StepEnd | Promise<StepEnd> {
    const output = this.outputIfMade;
    const endMono = performance.now();
    this.endMono = endMono;
    return finishStep(
      this.step,
      this,
      output,
      result,
      1,
      remembered,
      childMetrics,
      endMono,
      this.handler,
      this.index,
    );
  }
}

/** The action of an attempt not started yet (replaced before anyone awaits it). */
const NOT_STARTED: PromiseLike<unknown> = Promise.resolve();

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === "object" || typeof value === "function") &&
    typeof (value as PromiseLike<unknown>).then === "function"
  );
}

/** Every attempt of a step that may retry, time out or check preconditions. */
async function runAttempts(
  step: WorkflowStep,
  run: RunServices,
  index: number,
  handler: StepOutcomeHandler,
  afterFailure: boolean,
): Promise<StepEnd> {
  const measurement = startMeasurement();
  const maxAttempts = 1 + Math.max(0, step.retries ?? 0);
  let result: StepResult | undefined;
  let childMetrics: ChildMetrics | undefined;
  let remembered: unknown;
  /** The worker that held the last attempt that reported one (`run --on`). */
  let worker: string | undefined;
  /** The last attempt that ran its action never started (its job taken off the queue). */
  let neverStarted = false;
  let attempt = 0;
  let recordFailed = false;
  const output = StepOutput.of(step.id, run, step.secretOutput !== undefined);
  while (attempt < maxAttempts) {
    if (attempt > 0) {
      const delay = (step.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS) * 2 ** (attempt - 1);
      run.context.logger.info(
        `retrying step "${step.id}" in ${durationText(delay)} (attempt ${attempt + 1} of ${maxAttempts}): ${attemptFailure(attempt, result, step.secretOutput !== undefined)}`,
      );
      // Cancelled while waiting: the attempt never happens, so it is not counted.
      if (!(await sleep(delay, run.signal))) {
        if (result) result.error = stoppedWaitingToRetry(attempt, result, step, run.signal.reason);
        break;
      }
    }
    attempt++;
    output.startAttempt(attempt);
    // What fails before the action (an injected failure, unmet preconditions, a
    // run already cancelled) fails before the intent: such a step is not half-done.
    const early =
      failureBeforeStart(step, run) ??
      (step.validatePreconditions ? await unmetPreconditions(step, run) : undefined) ??
      failureBeforeAction(step, run);
    if (early) {
      result = early;
      continue;
    }
    // The first attempt of a step without preconditions starts when its measurement does: one clock read.
    const time = attempt === 1 && !step.validatePreconditions ? measurement.startTime : Date.now();
    const unrecorded = recordIntent(step, run, attempt, time, afterFailure);
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
      // Before execute(): a built-in may do its work synchronously, within the call.
      const started = performance.now();
      const running = step.execute(run.context, execution);
      const returned =
        attemptSignal instanceof AbortController
          ? await withTimeout(running, step.timeoutMs!, attemptSignal, started)
          : await running;
      result = checkedResult(step, returned, attemptSignal);
    } catch (error) {
      result = thrownResult(step, run, error, attemptSignal);
    } finally {
      if (step.secretOutput && result)
        result = settleSecretOutput(step.secretOutput, result, output, run.mask);
      output.endAttempt();
      if (attemptSignal instanceof AbortController) attemptSignal.abort(); // also drops its parent listener
    }
    if (execution.remembered !== undefined) remembered = execution.remembered;
    childMetrics = execution.childMetrics ?? childMetrics;
    worker = execution.worker ?? worker;
    neverStarted = execution.neverStarted;
    recordFailed ||= execution.recordFailed;
    if (result.status === StepStatus.SUCCESS || run.signal.aborted || recordFailed) break;
  }
  if (result !== undefined) result = withAttemptReports(result, worker, neverStarted);
  return finishStep(
    step,
    measurement,
    output,
    result,
    attempt,
    remembered,
    childMetrics,
    performance.now(),
    handler,
    index,
  );
}

/**
 * A step's result with what its last attempt reported but the result does
 * not carry: a timed-out or thrown attempt's result is made here, not by
 * the step, so the worker that held it is kept, and an attempt whose job
 * was taken off the queue unrun is said never to have started (nothing of
 * it to undo).
 */
function withAttemptReports(
  result: StepResult,
  worker: string | undefined,
  neverStarted: boolean,
): StepResult {
  if (worker !== undefined && result.worker === undefined) result = { ...result, worker };
  if (neverStarted && result.status !== StepStatus.SUCCESS)
    result = { ...result, neverStarted: true };
  return result;
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
  afterFailure: boolean,
): StepResult | undefined {
  if (!run.sink) return undefined;
  const undo = step.undoRecipe?.(run.context);
  try {
    // Nearly every intent: recorded with no event made for it.
    if (!undo && !afterFailure) {
      emitStarted(run.sink, step.id, time, attempt);
      return undefined;
    }
    const event: StepStartedEvent = undo
      ? { type: "step_started", time, step: step.id, attempt, undo }
      : { type: "step_started", time, step: step.id, attempt };
    // Only a handler's intent has the field: the intents of other steps stay as small as they were.
    if (afterFailure) event.afterFailure = true;
    run.sink.emit(event);
    return undefined;
  } catch (error) {
    return failed(step, reportRecordFailure(error, run));
  }
}

/**
 * The step's result from its last attempt's, with its measured metrics, its
 * log and its rollback data: `remembered` is the last rollback data an
 * attempt recorded with `remember`, `childMetrics` what a shell reported
 * (given one by one: no object per step to carry them), `endMono` the
 * monotonic reading the step ended at; hands it to `handler` as step `index`.
 */
function finishStep(
  step: WorkflowStep,
  measurement: Measurement,
  output: StepOutput | undefined,
  result: StepResult | undefined,
  attempts: number,
  remembered: unknown,
  childMetrics: ChildMetrics | undefined,
  endMono: number,
  handler: StepOutcomeHandler,
  index: number,
): StepEnd | Promise<StepEnd> {
  output?.close();
  // Made as the run's result will hand it out: the run's result takes it as it is, no copy per step.
  const final = new FinishedStepResult({
    stepId: step.id,
    status: result?.status ?? StepStatus.FAILED,
    metrics: finishMeasurement(measurement, childMetrics, endMono),
    attempts,
  });
  const log = output?.logPath;
  if (log !== undefined) final.log = log;
  if (result?.output !== undefined) final.output = result.output;
  if (result?.error !== undefined) final.error = result.error;
  if (result?.worker !== undefined) final.worker = result.worker;
  if (result?.neverStarted) final.neverStarted = true;
  const rollbackData = result?.rollbackData ?? remembered;
  if (rollbackData !== undefined) final.rollbackData = rollbackData;
  if (!result) final.error = "cancelled before the retry";
  return handler.stepEnded(index, final, rollbackData !== undefined && rollbackData === remembered);
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
  // A step written in JavaScript (or one that forgot its `return`) can give anything.
  if (typeof returned !== "object" || returned === null) return notAResult(step, returned);
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

/** The failure of an attempt that gave no result object: says what it gave and what it should. */
function notAResult(step: WorkflowStep, returned: unknown): StepResult {
  const given = typeof returned === "string" ? JSON.stringify(returned) : errorMessage(returned);
  return failed(
    step,
    `execute() returned ${given}, not a step result: return this.success(...) or this.failure(...)`,
  );
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
  if (run.signalAborted ? run.signalAborted.aborted : run.signal.aborted)
    return failed(step, "cancelled");
  return undefined;
}

/**
 * What keeps the step's action from starting (see `WorkflowStep.failureBeforeAction`),
 * checked before its intent is recorded: a step that did nothing is not half-done.
 */
function failureBeforeAction(step: WorkflowStep, run: RunServices): StepResult | undefined {
  if (!step.failureBeforeAction) return undefined;
  try {
    const error = step.failureBeforeAction(run.context);
    return error === undefined ? undefined : failed(step, error);
  } catch (error) {
    return failed(step, errorMessage(error));
  }
}

/** The step's own preconditions, checked before its intent is recorded. */
async function unmetPreconditions(
  step: WorkflowStep,
  run: RunServices,
): Promise<StepResult | undefined> {
  try {
    const problems = preconditionProblems(await step.validatePreconditions!(run.context));
    return problems.length > 0
      ? failed(step, `preconditions not met: ${problems.join("; ")}`)
      : undefined;
  } catch (error) {
    return failed(step, errorMessage(error));
  }
}

/**
 * The problems `validatePreconditions` gave. momo-workflow's returned a bool:
 * code ported from it (JavaScript, unchecked by types) that returns `false`
 * must not run the step, as `false.length` would have let it.
 */
function preconditionProblems(given: unknown): string[] {
  if (Array.isArray(given)) return given.map(String);
  if (given === true || given === undefined) return [];
  if (given === false) return ["validatePreconditions() returned false"];
  return [
    `validatePreconditions() returned ${errorMessage(given)}; expected the problems, as strings (empty: fine)`,
  ];
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

class StepTimeoutError extends StopReason {}

/**
 * Why attempt `attempt` failed, for the line that retries it — said nowhere
 * else, as its error is not the step's: `attempt 1 timed out after 2s`,
 * `attempt 2 failed: shell command "…" exited with code 4` (its first line;
 * the step's log holds the rest).
 */
function attemptFailure(
  attempt: number,
  result: StepResult | undefined,
  secretOutput: boolean,
): string {
  // The first line: a shell's ends "exited with code 4:" before the lines it printed.
  const error = (result?.error ?? "it failed").split("\n", 1)[0]!.replace(/:$/, "");
  if (error.startsWith("timed out ")) return `attempt ${attempt} ${error}`;
  // The value its output makes a secret is not known until an attempt gives it: the
  // error (its command, as written) may hold it, and nothing could mask it yet.
  if (secretOutput)
    return `attempt ${attempt} failed (its error is not shown: this step's output goes to a secret param)`;
  return `attempt ${attempt} failed: ${error}`;
}

/**
 * The error of a step its run stopped (Ctrl+C, SIGTERM, the workflow's
 * timeout) while it waited to retry: why it was stopped then, and how the
 * attempt before failed — its error alone read as if the attempt's own failure
 * had ended the step, under `cancelled`.
 */
function stoppedWaitingToRetry(
  attempt: number,
  result: StepResult,
  step: WorkflowStep,
  reason: unknown,
): string {
  const why = reason === undefined ? "the run was stopped" : errorMessage(reason);
  return `${why}, while it waited to retry: ${attemptFailure(attempt, result, step.secretOutput !== undefined)}`;
}

/**
 * Ends an attempt after `ms`: aborts its signal (a shell action kills its whole
 * process group), waits a grace period for it to wind down, then fails it.
 * An attempt whose work held the process past its deadline without a pause
 * (a `js()` function computing in a synchronous loop: the timer could not
 * fire) is failed as timed out too when it returns, rather than passed as a
 * success it was not allowed to be: half-done, it is undone like any other.
 */
async function withTimeout(
  running: Promise<StepResult>,
  ms: number,
  controller: AbortController,
  started: number,
): Promise<StepResult> {
  let timer: LongTimeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setLongTimeout(() => {
      controller.abort(new StepTimeoutError(`timed out after ${durationText(ms)}`));
      const grace = setTimeout(() => {
        noteStop(
          controller.signal.reason,
          `it did not stop within ${durationText(STOP_GRACE_MS)} of its signal and was given up (it may still be running)`,
        );
        reject(controller.signal.reason);
      }, STOP_GRACE_MS);
      const ended = (): void => {
        clearTimeout(grace);
        reject(controller.signal.reason);
      };
      // Both ways handled: `finally` would hand on an action's rejection (most
      // abortable APIs reject on abort) to a promise no one awaits, and an
      // unhandled rejection ends the process of a library's user.
      running.then(ended, ended);
    }, ms);
  });
  try {
    const returned = await Promise.race([running, timedOut]);
    const took = performance.now() - started;
    if (took > ms && !controller.signal.aborted && returned?.status === StepStatus.SUCCESS) {
      controller.abort(
        new StepTimeoutError(
          `timed out after ${durationText(ms)}: its action took ${formatDuration(took)}, and could not be stopped before it ended`,
        ),
      );
      // Failed, its reason the timeout's (see checkedResult).
      return { ...returned, status: StepStatus.FAILED };
    }
    return returned;
  } finally {
    timer?.clear();
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
      timer.clear();
      resolve(false);
    };
    const timer = setLongTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
