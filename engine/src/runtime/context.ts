import { StepStatus } from "./status";
import { silentLogger, type Logger } from "./logger";
import type { StepStatusTable } from "./step-status-table";
import { SecretMask } from "./secret-mask";

/** Options for a new {@link WorkflowContext}. */
export interface WorkflowContextOptions {
  /** Where the run happens and its run record goes. Default: `process.cwd()`. */
  workingDirectory?: string;
  /** Initial variables (params, vars). */
  variables?: Record<string, unknown>;
  /** Environment of the run; shell actions inherit it. Default: `process.env`. */
  env?: Record<string, string | undefined>;
  /** Cancels the run when aborted. */
  signal?: AbortSignal;
  logger?: Logger;
}

/**
 * The state shared by the steps of a run: variables, step outputs, artifacts,
 * the working directory, a cancellation signal and a logger.
 */
export class WorkflowContext {
  /** Where the run happens and its run record goes (a step's own `workdir:` in its view). */
  readonly workingDirectory: string;
  /** The environment shell actions get (`process.env` unless given). */
  readonly env: Record<string, string | undefined>;
  /** Where the run's messages go (silent unless given); a step's view has the step's own. */
  readonly logger: Logger;
  /** Named files the run produced (name → path). */
  readonly artifacts = new Map<string, string>();
  /** Id of the current run and its record folder, set by the engine when the run starts. */
  runId: string | undefined;
  /** The run's record folder (`.momoflow/runs/<run-id>`); undefined without a journal. */
  runDir: string | undefined;
  /**
   * The values the run shows as `***` wherever it writes, set by the engine
   * when the run starts. It grows during the run: a called workflow's
   * `secret` param given a step's output adds that value when the call binds
   * its arguments (see {@link SecretMask.add}).
   */
  secrets: SecretMask = SecretMask.none;
  private readonly variables: Map<string, unknown>;
  private readonly outputs = new Map<string, unknown>();
  private readonly statuses = new Map<string, StepStatus>();
  /** The statuses of the run now running on this context, kept by the engine. */
  private runStatuses: StepStatusTable | undefined;
  private readonly controller = new AbortController();
  private readonly giveUpController = new AbortController();
  /** A run is running on this context (see {@link beginRun}). */
  private running = false;
  /**
   * What a run made — vars (its workflow's own and those its steps set,
   * where the caller had set none of those names), step outputs, artifacts —
   * by name: dropped as the next run starts (see {@link beginRun}).
   */
  private readonly runVariables = new Set<string>();
  private readonly runOutputs = new Set<string>();
  private readonly runArtifacts = new Set<string>();

  constructor(options: WorkflowContextOptions = {}) {
    this.workingDirectory = options.workingDirectory ?? process.cwd();
    this.env = options.env ?? process.env;
    this.logger = options.logger ?? silentLogger;
    this.variables = new Map(Object.entries(options.variables ?? {}));
    const outer = options.signal;
    if (outer) {
      if (outer.aborted) this.controller.abort(outer.reason);
      else
        outer.addEventListener("abort", () => this.controller.abort(outer.reason), { once: true });
    }
  }

  /** Aborted when the run is cancelled (by the caller's signal or {@link cancel}). */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /**
   * Cancels the run: running steps are stopped, then completed ones are
   * rolled back. The run's error says why: `the run was cancelled (window
   * closed)` for `cancel("window closed")` or `cancel(new Error("window closed"))`.
   * The context stays cancelled, as an aborted signal stays aborted: a later
   * run on it is cancelled before any step starts; give that run a new context.
   */
  cancel(reason: unknown = new Error("cancelled")): void {
    this.controller.abort(reason);
  }

  /**
   * Aborted when the user asks to stop at once (a second Ctrl+C): see {@link giveUp}.
   */
  get giveUpSignal(): AbortSignal {
    return this.giveUpController.signal;
  }

  /**
   * Stops at once what a cancellation waits for (a second Ctrl+C or
   * SIGTERM): the run cancels if it has not, stops waiting for its steps that
   * are still stopping, and its rollback gives up the running undo (its
   * processes stopped) and starts no other; `momoflow rollback` undoes what
   * is left. The run still ends and writes its record.
   */
  giveUp(reason: unknown = new Error("given up")): void {
    this.cancel(reason);
    this.giveUpController.abort(reason);
  }

  /** A variable, undefined when it is not set (see {@link getVariable} for a default). */
  get<T = unknown>(name: string): T | undefined {
    return this.variables.get(name) as T | undefined;
  }

  /**
   * A variable, or `defaultValue` when it is not set (momo-workflow's
   * `get_variable(key, default)`). A variable set to `undefined` counts as not set.
   */
  getVariable<T = unknown>(name: string): T | undefined;
  getVariable<T>(name: string, defaultValue: T): T;
  getVariable<T>(name: string, defaultValue?: T): T | undefined {
    const value = this.variables.get(name) as T | undefined;
    return value === undefined ? defaultValue : value;
  }

  /** Sets a variable (momo-workflow's `set_variable`; same as {@link set}). */
  setVariable(name: string, value: unknown): void {
    this.set(name, value);
  }

  /** Sets a variable (same as {@link setVariable}). */
  set(name: string, value: unknown): void {
    // Made by the run when new during it; the caller's own when set between runs.
    if (!this.running || !this.variables.has(name)) track(this.runVariables, name, this.running);
    this.variables.set(name, value);
  }

  /** Whether the variable is set (also when to `undefined`). */
  has(name: string): boolean {
    return this.variables.has(name);
  }

  /** A snapshot of every variable. */
  getVariables(): Record<string, unknown> {
    return Object.fromEntries(this.variables);
  }

  /** The output of a step that succeeded in this run. */
  getStepOutput<T = unknown>(stepId: string): T | undefined {
    return this.outputs.get(stepId) as T | undefined;
  }

  /** Records a step's output; the engine does so for each step that succeeds with one. */
  setStepOutput(stepId: string, output: unknown): void {
    track(this.runOutputs, stepId, this.running);
    this.outputs.set(stepId, output);
  }

  /** Whether a step of this run succeeded with an output. */
  hasStepOutput(stepId: string): boolean {
    return this.outputs.has(stepId);
  }

  /** How a step of this run has ended so far: `pending` until the engine says otherwise. */
  getStepStatus(stepId: string): StepStatus {
    return this.runStatuses?.statusOf(stepId) ?? this.statuses.get(stepId) ?? StepStatus.PENDING;
  }

  /**
   * Sets a step's status as seen by conditions (`steps.x.status`): for steps
   * that end outside the engine's run (a worker is told how earlier steps ended).
   * The engine's own run reports its steps through {@link readStatusesFrom}.
   */
  setStepStatus(stepId: string, status: StepStatus): void {
    this.statuses.set(stepId, status);
  }

  /**
   * Used by the engine when a run starts on this context: its steps' statuses
   * are read from the run's table (set per step by index, no map per step);
   * a step the run has not ended falls back to {@link setStepStatus}'s.
   * @internal
   */
  readStatusesFrom(table: StepStatusTable): void {
    this.runStatuses = table;
  }

  /**
   * Called by the engine as a run starts on this context. A context used by
   * an earlier run serves the new one as a fresh one would: what that run
   * made — step outputs, artifacts, its workflow's vars and those its steps
   * set — is dropped (a condition reading `hasStepOutput` would otherwise see
   * a step of the run before); what the caller set (variables, outputs and
   * statuses given by hand) stays.
   * @throws Error when a run is running on it already: a context serves one run at a time.
   * @internal
   */
  beginRun(): void {
    if (this.running)
      throw new Error(
        `this WorkflowContext is in use by run ${this.runId ?? "(starting)"}: give each run that runs at the same time a context of its own`,
      );
    this.running = true;
    this.runStatuses = undefined;
    dropAll(this.runVariables, this.variables);
    dropAll(this.runOutputs, this.outputs);
    dropAll(this.runArtifacts, this.artifacts);
  }

  /** Called by the engine as a run on this context ends, however it ends. @internal */
  endRun(): void {
    this.running = false;
  }

  /** Sets one of the workflow's own vars for the run, unless the caller set that name. @internal */
  setWorkflowVariable(name: string, value: unknown): void {
    if (!this.variables.has(name)) this.set(name, value);
  }

  /** Names a file the run produced (momo-workflow's `add_artifact`); a name given again is replaced. */
  addArtifact(name: string, path: string): void {
    track(this.runArtifacts, name, this.running);
    this.artifacts.set(name, path);
  }

  /**
   * A view of this context for one attempt of one step: the same state
   * (variables, outputs, artifacts), with the step's own logger, whose lines
   * go to the step's log and the live display, and the attempt's signal,
   * aborted when the run is cancelled or the step's `timeout` is reached, so
   * a `js()` function can stop its work. What the step sets is seen by all.
   * A step with a folder or variables of its own (`workdir:`, `env:`) gives
   * them here: the view's `workingDirectory` and `env` are the step's.
   */
  forStep(step: {
    logger: Logger;
    signal: AbortSignal;
    workingDirectory?: string;
    env?: Record<string, string | undefined>;
  }): WorkflowContext {
    const view = Object.create(this) as WorkflowContext;
    Object.defineProperty(view, "logger", { value: step.logger, enumerable: true });
    Object.defineProperty(view, "signal", { value: step.signal, enumerable: true });
    if (step.workingDirectory !== undefined && step.workingDirectory !== this.workingDirectory)
      Object.defineProperty(view, "workingDirectory", { value: step.workingDirectory });
    if (step.env !== undefined && step.env !== this.env)
      Object.defineProperty(view, "env", { value: step.env });
    return view;
  }
}

/** Notes `name` as made by a run (`running`), or as the caller's (set between runs). */
function track(made: Set<string>, name: string, running: boolean): void {
  if (running) made.add(name);
  else made.delete(name);
}

/** Removes from `values` what a run made, and forgets it. */
function dropAll(made: Set<string>, values: Map<string, unknown>): void {
  for (const name of made) values.delete(name);
  made.clear();
}
