import { dirname, resolve } from "node:path";
import type { CommandRegistry } from "../../commands/registry";
import type { ShellName } from "../../commands/shell-choice";
import { undoFromRecipe } from "../../commands/undo-recipe";
import type { WorkflowContext } from "../../runtime/context";
import { StepStatus } from "../../runtime/status";
import { emptyMetrics } from "../../runtime/metrics";
import type {
  OutputPath,
  StepExecution,
  StepFiles,
  StepResult,
  UndoRecipe,
  WorkflowStep,
} from "../../runtime/step";
import { actionFingerprint } from "../../runtime/action-fingerprint";
import type { Expression, StepDeclaration } from "../ast";
import { errorMessage } from "../../runtime/step";
import { evaluateCondition } from "./evaluate";
import { type CallGateReason, calledStepReason, whenFalseReason } from "./when-false-reason";
import {
  resolveAction,
  resolveAutomaticUndo,
  type ActionEnvironment,
  type ResolvedAction,
  type ResolvedUndo,
} from "./resolve-action";
import { readsStepOutput } from "./own-output-read";
import { statusReads } from "../step-status-read";
import { referenceMask } from "../../runtime/recipe-reference";
import { SecretMask } from "../../runtime/secret-mask";
import { ownOutputNeverRecorded } from "../../runtime/own-output-never-recorded";
import { runAction } from "./run-action";
import { scriptSource, withScriptSourceLine } from "./script-source-line";
import type { ValueScope } from "./value-scope";
import type { EnvironmentValues } from "./environment-scope";
import type { StepPlace, StepPlacement } from "./step-placement";
import { parseJsonExactly } from "./exact-json";
import { placedExecution, requireFolder } from "../../runtime/placed-execution";

/** What a compiled step needs from its workflow at run time. */
export interface StepRuntime {
  registry: CommandRegistry;
  /** The run scope and action environment of a run's context. */
  scopeOf(context: WorkflowContext): { scope: ValueScope; env: ActionEnvironment };
  /**
   * The same for resolving undo recipes for the run record: environment values
   * and secret params stay references (`RecipeReference`).
   */
  recordingScopeOf(context: WorkflowContext): { scope: ValueScope; env: ActionEnvironment };
  /** The variables of the workflow's `env:` in a run: undefined when it sets none. */
  environmentOf(context: WorkflowContext): EnvironmentValues | undefined;
}

/** Scheduling settings of a step, evaluated when the workflow is compiled. */
export interface StepSettings {
  /** Its id in the run, when that is not its name (a called workflow's step: `release/bump`). */
  id?: string;
  description: string;
  needs: string[];
  reversible: boolean;
  /** Nothing to undo: `rollback: none`, or a `run` that changes nothing outside the run (`log`). */
  effectFree?: boolean;
  timeoutMs?: number;
  /** `rollback_timeout:`. */
  rollbackTimeoutMs?: number;
  retries?: number;
  retryDelayMs?: number;
  continueOnError?: boolean;
  /** The shell of its shell actions (its own `shell`, else the workflow's). */
  shell?: ShellName;
  /** `output: json`: the output is parsed as JSON. */
  jsonOutput?: boolean;
  /** Its `inputs:` and `outputs:`, when it declares them. */
  files?: StepFiles;
  /** For a called workflow's step: the calling steps' `when`, which must hold too. */
  gate?: (context: WorkflowContext) => boolean;
  /** For a called workflow's step: which calling step's `when` is false (its skip reason). */
  gateReason?: CallGateReason;
  /** Its `env:` and `workdir:` (and its workflow's `env:`), when it has any. */
  placement?: StepPlacement;
  /** `runs_on:`: the queue of the workers that run it (`run --on`). */
  runsOn?: string;
  /** `retry_on_lost_worker:`. */
  retryOnLostWorker?: boolean;
  /** The paths of its output that a call makes secrets (see `WorkflowStep.secretOutput`). */
  secretOutput?: readonly OutputPath[];
}

/**
 * A `step` of a `.momoflow` workflow. Its values are resolved when it is due
 * (they may read params, vars, `run.*` and outputs of the steps it needs); the
 * undo is resolved at the same moment and written to the run record, so the
 * step can be undone later from the record alone. A `rollback` that reads the
 * step's own output is resolved once that output exists: until then the
 * record says only that it waits for it (`after_output`). The recipe is
 * resolved apart from the undo the live run uses, in a scope that keeps
 * environment values and secret params as references: the record never holds
 * them, and `momoflow rollback` reads them again when it undoes the step.
 */
export class LanguageStep implements WorkflowStep {
  readonly id: string;
  readonly description: string;
  readonly reversible: boolean;
  readonly effectFree?: boolean;
  readonly needs: readonly string[];
  readonly timeoutMs?: number;
  readonly rollbackTimeoutMs?: number;
  readonly retries?: number;
  readonly retryDelayMs?: number;
  readonly continueOnError?: boolean;
  readonly runsOn?: string;
  readonly retryOnLostWorker?: boolean;
  readonly when?: (context: WorkflowContext) => boolean;
  readonly whenFalse?: (context: WorkflowContext) => string | undefined;
  readonly runsAfterFailure?: boolean;
  readonly files?: StepFiles;
  readonly secretOutput?: readonly OutputPath[];
  /** The `run` of each run (context), resolved before the first attempt. */
  private readonly runs = new WeakMap<WorkflowContext, ResolvedAction>();
  /** The undo of each run, once it could be resolved (`undefined`: nothing undoes the step). */
  private readonly undos = new WeakMap<WorkflowContext, { undo: ResolvedUndo | undefined }>();
  /** The `rollback` reads `steps.<this step>.output`. */
  private readonly undoReadsOutput: boolean;
  private readonly shell: ShellName | undefined;
  private readonly jsonOutput: boolean;
  private readonly placement: StepPlacement | undefined;
  /** Where and with which variables it runs in each run, once resolved. */
  private readonly places = new WeakMap<WorkflowContext, StepPlace>();

  constructor(
    readonly decl: StepDeclaration,
    settings: StepSettings,
    private readonly runExpr: Expression,
    private readonly rollbackExpr: Expression | undefined,
    whenExpr: Expression | undefined,
    private readonly runtime: StepRuntime,
  ) {
    this.id = settings.id ?? decl.name.text;
    this.description = settings.description;
    this.reversible = settings.reversible;
    if (settings.effectFree) this.effectFree = true;
    this.needs = settings.needs;
    if (settings.timeoutMs !== undefined) this.timeoutMs = settings.timeoutMs;
    if (settings.rollbackTimeoutMs !== undefined)
      this.rollbackTimeoutMs = settings.rollbackTimeoutMs;
    if (settings.retries !== undefined) this.retries = settings.retries;
    if (settings.retryDelayMs !== undefined) this.retryDelayMs = settings.retryDelayMs;
    if (settings.continueOnError !== undefined) this.continueOnError = settings.continueOnError;
    if (settings.runsOn !== undefined) this.runsOn = settings.runsOn;
    if (settings.retryOnLostWorker) this.retryOnLostWorker = true;
    if (settings.secretOutput) this.secretOutput = settings.secretOutput;
    this.shell = settings.shell;
    this.jsonOutput = settings.jsonOutput === true;
    if (settings.files) this.files = settings.files;
    this.placement = settings.placement;
    const gate = settings.gate;
    if (whenExpr) {
      const own = (context: WorkflowContext): boolean =>
        evaluateCondition(whenExpr, runtime.scopeOf(context).scope);
      this.when = gate ? (context) => gate(context) && own(context) : own;
      this.whenFalse = whenFalseReason(whenExpr, settings.gateReason);
    } else if (gate) {
      this.when = gate;
      if (settings.gateReason) this.whenFalse = calledStepReason(settings.gateReason);
    }
    // Its condition reads how a step ended: it runs however its needs ended (language.md § Failures).
    if (statusReads(whenExpr).length > 0) this.runsAfterFailure = true;
    this.undoReadsOutput = readsStepOutput(rollbackExpr, decl.name.text);
  }

  undoRecipe(context: WorkflowContext): UndoRecipe | undefined {
    if (this.undoWaitsForOutput(context))
      return { kind: "after_output", command: calleeOf(this.rollbackExpr!), args: {} };
    let undo: ResolvedUndo | undefined;
    try {
      // The live undo first: a problem there is the step's failure, reported by execute().
      this.resolveUndo(context);
      undo = this.resolveUndoWith(this.recordingScope(context));
    } catch {
      return undefined; // execute() (or rollback()) reports the same problem
    }
    if (!undo) return undefined;
    return this.placedRecipe(context, recipeOf(undo));
  }

  /**
   * A recipe with the folder and the variables the step ran with: an undo
   * from the record alone runs where and as the step did.
   */
  private placedRecipe(context: WorkflowContext, recipe: UndoRecipe): UndoRecipe {
    if (!this.placement) return recipe;
    const place = this.place(context);
    if (place.workdir) recipe.workdir = place.workdir.folder;
    if (place.values) recipe.env = { ...place.values.recorded };
    return recipe;
  }

  /**
   * The hash of its `run` as resolved for the record (environment values and
   * secrets by name): undefined when it cannot be resolved (execute() says why).
   */
  fingerprint(context: WorkflowContext): string | undefined {
    try {
      const action = this.resolveRunWith(this.recordingScope(context));
      if (!this.placement) return actionFingerprint(action);
      // Its variables and folder are part of what it does: a changed one runs it again.
      const place = this.place(context);
      return actionFingerprint({
        action,
        env: place.values?.recorded,
        workdir: place.workdir?.written,
      });
    } catch {
      return undefined;
    }
  }

  /**
   * Its `run` and undo resolved, and its folder there: what fails here
   * fails the step before its intent is recorded, as nothing of it ran.
   */
  failureBeforeAction(context: WorkflowContext): string | undefined {
    try {
      this.resolveRun(context);
      // An undo that cannot be resolved stops the step before its effect.
      if (!this.undoWaitsForOutput(context)) this.resolveUndo(context);
      if (this.placement) this.requirePlace(context);
      return undefined;
    } catch (error) {
      return this.failureText(context, error);
    }
  }

  async execute(context: WorkflowContext, execution: StepExecution): Promise<StepResult> {
    const base = { stepId: this.id, metrics: emptyMetrics(), attempts: execution.attempt };
    try {
      const run = this.resolveRun(context);
      // An undo that cannot be resolved stops the step before its effect.
      if (!this.undoWaitsForOutput(context)) this.resolveUndo(context);
      const placed = this.hidingReads(context, this.placedExecution(context, execution), () =>
        this.resolveRunWith(this.recordingScope(context)),
      );
      const raw = await runAction(run, this.runtime.registry, context, placed);
      const output = this.jsonOutput ? parseJsonOutput(this.id, raw) : raw;
      const result: StepResult = { ...base, status: StepStatus.SUCCESS };
      if (output !== undefined) result.output = output;
      return result;
    } catch (error) {
      return { ...base, status: StepStatus.FAILED, error: this.failureText(context, error) };
    }
  }

  /** A failure of its `run` as the step's error: at its script's line, values it read hidden. */
  private failureText(context: WorkflowContext, error: unknown): string {
    const message = this.readsMask(context, () =>
      this.resolveRunWith(this.recordingScope(context)),
    );
    const located = withScriptSourceLine(error, () => {
      const { scope, env } = this.runtime.scopeOf(context);
      return scriptSource(this.runExpr, scope.path, env.commands);
    });
    return message.text(errorMessage(located));
  }

  async rollback(
    context: WorkflowContext,
    result: StepResult,
    execution: StepExecution,
  ): Promise<void> {
    if (this.undoWaitsForOutput(context)) {
      throw ownOutputNeverRecorded(this.decl.name.text);
    }
    const undo = this.resolveUndo(context);
    if (!undo) throw new Error(`step "${this.id}" has nothing to undo it with`);
    const placed = this.hidingReads(context, this.placedExecution(context, execution), () =>
      this.resolveUndoWith(this.recordingScope(context)),
    );
    try {
      if (undo.kind === "run") {
        await runAction(undo.action, this.runtime.registry, context, placed);
        return;
      }
      await undoFromRecipe(
        this.runtime.registry,
        { kind: "undo", command: undo.command, args: undo.args },
        result.rollbackData,
        placed,
      );
    } catch (error) {
      const mask = this.readsMask(context, () =>
        this.resolveUndoWith(this.recordingScope(context)),
      );
      if (mask.empty || !(error instanceof Error)) throw error;
      throw new Error(mask.text(error.message), { cause: error });
    }
  }

  /**
   * What hides, in a failure's message, the environment values and secrets
   * that `resolve` (an action resolved for the record) read: the record and
   * the terminal show `${env.NAME}` and `***` where a quoted script held them.
   */
  private readsMask(context: WorkflowContext, resolve: () => unknown): SecretMask {
    try {
      return referenceMask(resolve());
    } catch {
      return SecretMask.none;
    }
  }

  /**
   * The execution, whose messages also hide what {@link readsMask} hides:
   * applied before a failed script's first line or output is cut short, where
   * masking the finished message would miss a value cut in half.
   */
  private hidingReads(
    context: WorkflowContext,
    execution: StepExecution,
    resolve: () => unknown,
  ): StepExecution {
    const hiding = placedExecution(execution, execution.workingDirectory, execution.env);
    let reads: SecretMask | undefined;
    hiding.hideInMessage = (text) => {
      reads ??= this.readsMask(context, resolve);
      return reads.text(execution.hideInMessage?.(text) ?? text);
    };
    return hiding;
  }

  /** The rollback reads this step's own output, which this run does not have (yet). */
  private undoWaitsForOutput(context: WorkflowContext): boolean {
    return this.undoReadsOutput && !context.hasStepOutput(this.id);
  }

  /**
   * Where and with which variables it runs in `context`, resolved once per
   * run (only for a step with a placement).
   */
  private place(context: WorkflowContext): StepPlace {
    let place = this.places.get(context);
    if (!place) {
      place = this.placement!.resolve(
        context,
        this.runtime.scopeOf(context),
        this.runtime.recordingScopeOf(context),
        this.runtime.environmentOf(context),
      );
      this.places.set(context, place);
    }
    return place;
  }

  /** Where it runs in `context`, its folder checked to be there (see {@link requireFolder}). */
  private requirePlace(context: WorkflowContext): StepPlace {
    const place = this.place(context);
    const workdir = place.workdir;
    if (workdir) requireFolder(`step "${this.id}"`, workdir.written, workdir.folder);
    return place;
  }

  /** The execution its actions get: in its folder, with its variables (when it has either). */
  private placedExecution(context: WorkflowContext, execution: StepExecution): StepExecution {
    if (!this.placement) return execution;
    const place = this.requirePlace(context);
    const workdir = place.workdir;
    return placedExecution(
      execution,
      workdir?.folder ?? execution.workingDirectory,
      place.values ? place.environment : execution.env,
    );
  }

  /** The values and action environment of a run, with this step's shell: its run and rollback (and the commands they call) run under it. */
  private actionScope(context: WorkflowContext): { scope: ValueScope; env: ActionEnvironment } {
    const { scope, env } = this.placement ? this.place(context).run : this.runtime.scopeOf(context);
    return { scope, env: this.shell === undefined ? env : { ...env, shell: this.shell } };
  }

  private resolveRun(context: WorkflowContext): ResolvedAction {
    let run = this.runs.get(context);
    if (!run) {
      run = this.resolveRunWith(this.actionScope(context));
      this.runs.set(context, run);
    }
    return run;
  }

  private resolveRunWith({
    scope,
    env,
  }: {
    scope: ValueScope;
    env: ActionEnvironment;
  }): ResolvedAction {
    return resolveAction(this.runExpr, scope, env);
  }

  /** The undo the live run uses, resolved once per run. */
  private resolveUndo(context: WorkflowContext): ResolvedUndo | undefined {
    let resolved = this.undos.get(context);
    if (!resolved) {
      resolved = { undo: this.resolveUndoWith(this.actionScope(context)) };
      this.undos.set(context, resolved);
    }
    return resolved.undo;
  }

  /** An explicit `rollback` replaces the automatic undo; `rollback: none` leaves none. */
  private resolveUndoWith({
    scope,
    env,
  }: {
    scope: ValueScope;
    env: ActionEnvironment;
  }): ResolvedUndo | undefined {
    const rollback = this.rollbackExpr;
    if (!rollback) return resolveAutomaticUndo(this.runExpr, scope, env);
    if (rollback.kind === "none") return undefined;
    return { kind: "run", action: resolveAction(rollback, scope, env) };
  }

  /** {@link actionScope} for the record: environment values and secrets stay references. */
  private recordingScope(context: WorkflowContext): { scope: ValueScope; env: ActionEnvironment } {
    const { scope, env } = this.placement
      ? this.place(context).recording
      : this.runtime.recordingScopeOf(context);
    return { scope, env: this.shell === undefined ? env : { ...env, shell: this.shell } };
  }
}

/**
 * A step's output read as JSON (`output: json`): a text is parsed, its
 * numbers kept as written (see exact-json.ts), a value a `js()` function
 * returned is kept as it is.
 *
 * @throws Error naming the step and what is wrong: the step fails with it.
 */
function parseJsonOutput(stepId: string, output: unknown): unknown {
  if (typeof output !== "string") {
    if (output === undefined)
      throw new Error(`step "${stepId}" declares output: json, but it has no output`);
    return output;
  }
  let parsed: unknown;
  try {
    // Its numbers as printed: a 64-bit id reaches the steps, a rollback and the record exactly.
    parsed = parseJsonExactly(output);
  } catch (error) {
    const start = output.length > 60 ? `${output.slice(0, 60)}…` : output;
    throw new Error(
      `step "${stepId}" declares output: json, but its output is not JSON (${errorMessage(error)}): ${JSON.stringify(start)}`,
      { cause: error },
    );
  }
  return parsed;
}

/** The record's form of a resolved undo. */
function recipeOf(undo: ResolvedUndo): UndoRecipe {
  if (undo.kind === "undo") return { kind: "undo", command: undo.command, args: undo.args };
  const action = undo.action;
  if (action.kind === "command") return { kind: "run", command: action.command, args: action.args };
  // A js() rollback is code: the workflow's own step runs it when the file
  // still declares it; the record names the function and keeps its
  // arguments, so that it can be called when the step is gone from the file.
  return {
    kind: "code",
    command: `js(${action.module}, ${action.exportName})`,
    args: action.args,
    js: { module: resolve(dirname(action.path), action.module), export: action.exportName },
  };
}

/** What a rollback action calls, for the record: a command's name, `sh` for a shell string. */
function calleeOf(expr: Expression): string {
  return expr.kind === "call" ? expr.callee.text : "sh";
}
