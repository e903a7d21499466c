import type { FanOut } from "./fan-out";
import type { WorkflowContext } from "./context";
import type { Logger } from "./logger";
import { emptyMetrics, type ChildMetrics, type ExecutionMetrics } from "./metrics";
import { StepStatus } from "./status";
import type { StepOutcomeDetails } from "./step-outcome-details";

/** The result of one step, as the engine records it. */
export interface StepResult extends StepOutcomeDetails {
  stepId: string;
  status: StepStatus;
  /**
   * What it cost. An in-process step's metrics are frozen, and fast steps
   * whose figures are all the same share one object (a run keeps every
   * step's result: see in-process-metrics.ts).
   */
  metrics: ExecutionMetrics;
  /** What the step's rollback needs to undo it (kept in the run record). */
  rollbackData?: unknown;
  attempts: number;
  /**
   * Its last attempt never started: given up before any worker took it, its
   * job was taken off the queue (`momoflow run --on`). Not half-done: that
   * attempt has nothing to undo.
   */
  neverStarted?: true;
  /**
   * The runs (resumed by this one) whose attempts of the step the run's
   * rollback undid, while what the step did here stays: it is irreversible
   * now, or has nothing to undo. Its status stays as it ended.
   */
  earlierUndone?: string[];
}

/**
 * A serializable description of how to undo a step, written into the run
 * record so that `rollbackRun` can undo the step from the record alone, after
 * the process that ran it is gone.
 *
 * - `undo`: call the automatic undo of `command` with its `args` and the
 *   step's rollback data (e.g. `create_file` restores the previous content).
 * - `run`: run `command` with `args` as the undo action (an explicit `rollback`).
 * - `code`: an explicit rollback that is code (a `js(...)` action): only the
 *   workflow can undo it (`command` names the code, `args` its arguments).
 * - `after_output`: an explicit rollback that reads the step's own output, so
 *   it is known only once the step succeeded (`command` names what it calls,
 *   `args` is empty); the resolved recipe is recorded with the step's outcome.
 *   Left as it is (the step never finished), the step cannot be undone.
 */
export interface UndoRecipe {
  kind: "undo" | "run" | "code" | "after_output";
  command: string;
  args: Record<string, unknown>;
  /**
   * For a `js()` rollback (`code`): the function it calls, its module's
   * absolute path and its export, with its named arguments in `args`. So
   * `momoflow rollback` can call it also when the workflow no longer
   * declares the step (see `undoWithRecordedFunction`).
   */
  js?: { module: string; export: string };
  /** The absolute folder the step ran in (`workdir:`), when it was not the run's: the undo runs there. */
  workdir?: string;
  /**
   * The variables the workflow's and the step's `env:` set, which the undo
   * runs with: values read from the environment or secret params are
   * references (see `RecipeReference`), never their values.
   */
  env?: Record<string, unknown>;
}

/** What the engine hands one attempt of one step, beside the shared context. */
export interface StepExecution {
  readonly stepId: string;
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** Aborted when this attempt times out or the run is cancelled. */
  readonly signal: AbortSignal;
  readonly workingDirectory: string;
  /** A private folder for backups of this step, kept with the run record (created on demand). */
  readonly backupDir: string;
  readonly env: Record<string, string | undefined>;
  readonly logger: Logger;
  /**
   * Records rollback data in the run record *before* the effect it protects,
   * so a run killed mid-step can still be undone. Later calls replace earlier ones,
   * and so does rollback data the attempt then returns (`this.success({ rollbackData })`):
   * `rollback()` gets the attempt's last word.
   */
  remember(rollbackData: unknown): void;
  /** Reports a child process's own resource figures for this step's metrics. */
  reportChildMetrics(metrics: ChildMetrics): void;
  /**
   * Writes what the step's process printed, as it arrives, to the step's log
   * and the live display (the logger's lines get there on their own).
   * Absent where nothing keeps output (an undo).
   */
  writeOutput?(stream: "stdout" | "stderr", text: string): void;
  /**
   * Reports a process group this attempt started (the pid of its leader, which
   * is the group's id), right after it started. The run records it, so that a
   * rollback after the run was killed can stop what is left of the group
   * before it undoes anything. Absent where nothing records it.
   */
  reportProcess?(pid: number): void;
  /**
   * Reports the worker that holds this attempt (`run --on`), as soon as it is
   * known: the record names it also when the attempt times out, or is
   * cancelled, before the worker's own report comes back. Absent where no
   * worker runs steps.
   */
  reportWorker?(name: string): void;
  /**
   * Reports that this attempt never started and never will: given up before
   * any worker took it, its job was taken off the queue (`run --on`). The run
   * then records the step as never started, also when it gives the step up
   * at once before the attempt returns, and a rollback has nothing of the
   * attempt to undo. Absent where no worker runs steps.
   */
  reportNeverStarted?(): void;
  /**
   * Reports that what this attempt printed was not all kept where it ran
   * (`worker`, whose disk was full, `run --on`): the run names the step
   * among its incomplete logs, as cut short on that worker. Absent where no
   * worker runs steps.
   */
  reportLogIncomplete?(worker: string): void;
  /**
   * Only for an undo: the workers that ran the step (`workers`, by name)
   * found it undone already — their journals show an undo an earlier
   * rollback sent them — so nothing was undone again; the rollback records
   * where (`StepRolledBackEvent.foundUndoneOn`). Absent where no worker runs
   * steps.
   */
  reportFoundUndone?(workers: readonly string[]): void;
  /** Hides secrets in what a message quotes, before it is cut (see `CommandInvocation.hideInMessage`). */
  hideInMessage?(text: string): string;
  /** Only for an undo: replace work done since the step (see `CommandInvocation.force`). */
  readonly force?: boolean;
}

/** A rough estimate of what a step needs, for planning. */
export interface ResourceEstimate {
  durationMs?: number;
  memoryBytes?: number;
  cpuCores?: number;
}

/** Scheduling options every step may carry. */
export interface StepOptions {
  /** Undoable: the engine rolls it back on failure. */
  reversible?: boolean;
  /** Ids of steps that must succeed (or be skipped) first. */
  needs?: readonly string[];
  /** Evaluated when the step is due; false means `skipped`. */
  when?: (context: WorkflowContext) => boolean;
  /**
   * Why `when` was false, in words — the condition as written
   * (`when: env.TARGET == "prod" is false`) — asked only once it was: the
   * skipped step's `reason`. Undefined (or absent): no reason is given.
   */
  whenFalse?: (context: WorkflowContext) => string | undefined;
  /** The attempt is aborted and fails after this long. */
  timeoutMs?: number;
  /**
   * Its undo is given up (its processes stopped) after this long, and ends
   * `rollback_failed`. Default `DEFAULT_ROLLBACK_TIMEOUT_MS` (5 minutes).
   */
  rollbackTimeoutMs?: number;
  /** Extra attempts after a failure. Default 0. */
  retries?: number;
  /** Wait before the first retry; doubles for each further one. Default 1000. */
  retryDelayMs?: number;
  /** A failure is recorded and the run goes on. */
  continueOnError?: boolean;
  /**
   * It only joins its needs: one that failed with `continueOnError` (a failure
   * the run goes on after) does not keep it from running, as it keeps a step
   * that needs it. The step of a workflow call is such a step, so the call
   * ends as the called workflow would on its own.
   */
  joinsToleratedFailures?: boolean;
  /**
   * Changes nothing outside the run (`sleep`, `log`, `rollback: none`): there
   * is nothing to undo, so the step never makes a rollback partial.
   */
  effectFree?: boolean;
  /**
   * Runs whatever its needs ended with, also after a failure stopped the run
   * (a cleanup or notify step: its `when` reads `steps.<id>.status`). Its
   * effect is kept: the rollback after the failure does not undo it.
   */
  runsAfterFailure?: boolean;
  /**
   * On workers (`momoflow run --on`): the queue whose workers run it (the
   * workers started with `--queue NAME`); `default` when absent. A run on
   * one machine runs every step itself.
   */
  runsOn?: string;
  /**
   * On workers: when the worker running it is lost (killed, its machine
   * gone), send it again to another worker. Default false: the step is
   * half-done, the run fails and the rollback undoes it where it started.
   */
  retryOnLostWorker?: boolean;
  /**
   * Set when the step's output becomes a secret of the run (a call gives it
   * to a called workflow's `secret` param): the paths of the output read so
   * (`[]` the whole output, `["token"]` its field). The run holds back what
   * the step prints on stdout and through its logger until the attempt
   * ends, then writes it with those values masked (a failed attempt's as
   * `***`), so nothing the step writes shows the value; stderr streams.
   */
  secretOutput?: readonly OutputPath[];
}

/** Fields and items inside a step's output, in order: `sites[0].mean` is `["sites", 0, "mean"]`. */
export type OutputPath = readonly (string | number)[];

/** What a queue (`runsOn`) and a worker may be called: part of a Redis key. */
export const QUEUE_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

/** The protocol every step implements (momo-workflow's `WorkflowStep`). */
export interface WorkflowStep extends StepOptions {
  /** Unique in its workflow; names the step in results, the run record and `needs`. */
  readonly id: string;
  /** What the step does, for people. */
  readonly description: string;
  /** Undoable: the engine calls its `rollback` (or its undo recipe) on failure. */
  readonly reversible: boolean;
  /** Checks that the step can run; problems are returned as messages (empty: fine). */
  validatePreconditions?(context: WorkflowContext): string[] | Promise<string[]>;
  /**
   * Why an attempt cannot start its action (a value its `run` reads is
   * missing, its `workdir` is not there), asked before the attempt's intent is
   * recorded: such a failure did nothing, so no rollback runs its undo.
   * Undefined: it can start. Its error is the step's, as `execute` would give it.
   */
  failureBeforeAction?(context: WorkflowContext): string | undefined;
  /** Does the step's work: `success` (with its output and rollback data) or `failed`; a throw is a failure. */
  execute(context: WorkflowContext, execution: StepExecution): Promise<StepResult>;
  /** Undoes a successful `execute`, using `result.rollbackData`. */
  rollback?(context: WorkflowContext, result: StepResult, execution: StepExecution): Promise<void>;
  /** A rough estimate of what the step needs (momo-workflow's `estimate_resources`). */
  estimateResources?(): ResourceEstimate;
  /**
   * The ids of the steps whose output its arguments read
   * (`"${steps.<id>.output}"`): `WorkflowDefinition.validate()` reports an
   * id that is not a step of the workflow, before anything runs.
   */
  referencedSteps?(): readonly string[];
  /**
   * How to undo this step from the run record alone, when that is possible.
   * Called just before each attempt (its values may depend on the run so far),
   * and once more after the step succeeded when it said `after_output` then.
   */
  undoRecipe?(context: WorkflowContext): UndoRecipe | undefined;
  /**
   * A hash of what the step would do now: its resolved action (see
   * `actionFingerprint`). A resumed run reuses a succeeded step whose
   * fingerprint is unchanged; undefined when it cannot be told (never reused).
   */
  fingerprint?(context: WorkflowContext): string | undefined;
  /**
   * The files the step reads and makes (`inputs:`/`outputs:`, resolved in the
   * working directory): with outputs, it is skipped as up to date when they
   * are newer than the inputs and its fingerprint did not change.
   */
  readonly files?: StepFiles;
  /** Runs once per item, each its own instance (`for_each`); the step itself never executes. */
  readonly fanOut?: FanOut;
}

/** What a step declares it reads and makes: paths or globs, relative to the working directory. */
export interface StepFiles {
  inputs: readonly string[];
  outputs: readonly string[];
}

/** What a step returns on success. */
export interface SuccessInit {
  output?: unknown;
  rollbackData?: unknown;
}

/**
 * A convenient base for steps written as classes, as in momo-workflow:
 *
 * ```ts
 * class CreateReport extends BaseWorkflowStep {
 *   constructor() { super("create_report", "Write the report", { reversible: true }); }
 *   async execute(context: WorkflowContext) { ...; return this.success({ rollbackData: { path } }); }
 *   async rollback(context: WorkflowContext, result: StepResult) { ... }
 * }
 * ```
 * The engine fills in metrics and attempts; `success` and `failure` only say what happened.
 */
export abstract class BaseWorkflowStep implements WorkflowStep {
  /** See {@link WorkflowStep.id}. */
  readonly id: string;
  /** See {@link WorkflowStep.description}. */
  readonly description: string;
  /** See {@link WorkflowStep.reversible}; false unless the options say `reversible: true`. */
  readonly reversible: boolean;
  readonly needs?: readonly string[];
  readonly when?: (context: WorkflowContext) => boolean;
  readonly timeoutMs?: number;
  readonly rollbackTimeoutMs?: number;
  readonly retries?: number;
  readonly retryDelayMs?: number;
  readonly continueOnError?: boolean;
  readonly effectFree?: boolean;

  constructor(id: string, description = "", options: StepOptions = {}) {
    this.id = id;
    this.description = description;
    this.reversible = options.reversible ?? false;
    if (options.needs) this.needs = [...options.needs];
    if (options.when) this.when = options.when;
    if (options.timeoutMs !== undefined) this.timeoutMs = options.timeoutMs;
    if (options.rollbackTimeoutMs !== undefined) this.rollbackTimeoutMs = options.rollbackTimeoutMs;
    if (options.retries !== undefined) this.retries = options.retries;
    if (options.retryDelayMs !== undefined) this.retryDelayMs = options.retryDelayMs;
    if (options.continueOnError !== undefined) this.continueOnError = options.continueOnError;
    if (options.effectFree) this.effectFree = true;
  }

  /** See {@link WorkflowStep.execute}: return `this.success(...)` or `this.failure(...)`. */
  abstract execute(context: WorkflowContext, execution: StepExecution): Promise<StepResult>;

  async rollback(
    _context: WorkflowContext,
    _result: StepResult,
    _execution: StepExecution,
  ): Promise<void> {
    if (this.reversible) {
      throw new Error(`step "${this.id}" is marked reversible but does not implement rollback()`);
    }
  }

  async validatePreconditions(_context: WorkflowContext): Promise<string[]> {
    return [];
  }

  /** Nothing known by default: override to say. */
  estimateResources(): ResourceEstimate {
    return {};
  }

  /** A successful result with an optional output and rollback data. */
  protected success(init: SuccessInit = {}): StepResult {
    const result: StepResult = {
      stepId: this.id,
      status: StepStatus.SUCCESS,
      metrics: emptyMetrics(),
      attempts: 1,
    };
    if (init.output !== undefined) result.output = init.output;
    if (init.rollbackData !== undefined) result.rollbackData = init.rollbackData;
    return result;
  }

  /** A failed result; the engine may retry it. */
  protected failure(error: unknown, rollbackData?: unknown): StepResult {
    const result: StepResult = {
      stepId: this.id,
      status: StepStatus.FAILED,
      metrics: emptyMetrics(),
      attempts: 1,
      error: errorMessage(error),
    };
    if (rollbackData !== undefined) result.rollbackData = rollbackData;
    return result;
  }
}

/**
 * The message of anything thrown, always a string: JavaScript lets a step
 * throw any value, and a message that itself threw (a BigInt or a circular
 * object has no JSON) would escape the engine and leave the run's done steps
 * undone; one that was `undefined` (a thrown `undefined` or symbol has no
 * JSON) would leave the failure unexplained.
 */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || unsaidErrorMessage(error);
  if (typeof error === "string") return error;
  if (typeof error === "bigint") return `${error}n`;
  if (error === undefined || typeof error === "symbol") return String(error);
  if (typeof error === "function") return `[function ${error.name || "anonymous"}]`;
  try {
    return JSON.stringify(error);
  } catch {
    return Object.prototype.toString.call(error);
  }
}

/**
 * What an Error with an empty message says: the errors an `AggregateError`
 * holds (`Promise.any`'s, Node's connect that tried each address of a host:
 * no message of their own), else its name and code — not an empty
 * `step "b" failed: `.
 */
function unsaidErrorMessage(error: Error): string {
  const code = (error as { code?: unknown }).code;
  const name = `${error.name || "Error"}${typeof code === "string" ? ` ${code}` : ""}`;
  const inner = error instanceof AggregateError && Array.isArray(error.errors) ? error.errors : [];
  if (inner.length > 0) return `${name}: ${inner.map((e) => errorMessage(e)).join("; ")}`;
  return `${name} (with no message)`;
}
