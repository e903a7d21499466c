import type { CommandRegistry } from "../../commands/registry";
import type { ShellName } from "../../commands/shell-choice";
import { undoFromRecipe } from "../../commands/undo-recipe";
import type { WorkflowContext } from "../../runtime/context";
import { StepStatus } from "../../runtime/status";
import { emptyMetrics } from "../../runtime/metrics";
import type { StepExecution, StepResult, UndoRecipe, WorkflowStep } from "../../runtime/step";
import type { Expression, StepDeclaration } from "../ast";
import { errorMessage } from "../../runtime/step";
import { evaluateCondition } from "./evaluate";
import {
  resolveAction,
  resolveAutomaticUndo,
  type ActionEnvironment,
  type ResolvedAction,
  type ResolvedUndo,
} from "./resolve-action";
import { runAction } from "./run-action";
import type { ValueScope } from "./value-scope";

/** What a compiled step needs from its workflow at run time. */
export interface StepRuntime {
  registry: CommandRegistry;
  /** The run scope and action environment of a run's context. */
  scopeOf(context: WorkflowContext): { scope: ValueScope; env: ActionEnvironment };
}

/** Scheduling settings of a step, evaluated when the workflow is compiled. */
export interface StepSettings {
  description: string;
  needs: string[];
  reversible: boolean;
  /** Nothing to undo: `rollback: none`, or a `run` that changes nothing outside the run (`log`). */
  effectFree?: boolean;
  timeoutMs?: number;
  retries?: number;
  retryDelayMs?: number;
  continueOnError?: boolean;
  /** The shell of its shell actions (its own `shell`, else the workflow's). */
  shell?: ShellName;
}

/** A run's resolved actions of one step: computed once before its first attempt. */
interface Resolved {
  run: ResolvedAction;
  undo: ResolvedUndo | undefined;
}

/**
 * A `step` of a `.momoflow` workflow. Its values are resolved when it is due
 * (they may read params, vars, `run.*` and outputs of the steps it needs); the
 * undo is resolved at the same moment and written to the run record, so the
 * step can be undone later from the record alone.
 */
export class LanguageStep implements WorkflowStep {
  readonly id: string;
  readonly description: string;
  readonly reversible: boolean;
  readonly effectFree?: boolean;
  readonly needs: readonly string[];
  readonly timeoutMs?: number;
  readonly retries?: number;
  readonly retryDelayMs?: number;
  readonly continueOnError?: boolean;
  readonly when?: (context: WorkflowContext) => boolean;
  private readonly resolved = new WeakMap<WorkflowContext, Resolved>();
  private readonly shell: ShellName | undefined;

  constructor(
    readonly decl: StepDeclaration,
    settings: StepSettings,
    private readonly runExpr: Expression,
    private readonly rollbackExpr: Expression | undefined,
    whenExpr: Expression | undefined,
    private readonly runtime: StepRuntime,
  ) {
    this.id = decl.name.text;
    this.description = settings.description;
    this.reversible = settings.reversible;
    if (settings.effectFree) this.effectFree = true;
    this.needs = settings.needs;
    if (settings.timeoutMs !== undefined) this.timeoutMs = settings.timeoutMs;
    if (settings.retries !== undefined) this.retries = settings.retries;
    if (settings.retryDelayMs !== undefined) this.retryDelayMs = settings.retryDelayMs;
    if (settings.continueOnError !== undefined) this.continueOnError = settings.continueOnError;
    this.shell = settings.shell;
    if (whenExpr)
      this.when = (context) => evaluateCondition(whenExpr, runtime.scopeOf(context).scope);
  }

  undoRecipe(context: WorkflowContext): UndoRecipe | undefined {
    let undo: ResolvedUndo | undefined;
    try {
      undo = this.resolve(context).undo;
    } catch {
      return undefined; // execute() reports the same problem as the step's failure
    }
    if (!undo) return undefined;
    if (undo.kind === "undo") return { kind: "undo", command: undo.command, args: undo.args };
    const action = undo.action;
    // A js() rollback is code: the record says so, and only the workflow can run it.
    return action.kind === "command"
      ? { kind: "run", command: action.command, args: action.args }
      : { kind: "code", command: `js(${action.module}, ${action.exportName})`, args: {} };
  }

  async execute(context: WorkflowContext, execution: StepExecution): Promise<StepResult> {
    const base = { stepId: this.id, metrics: emptyMetrics(), attempts: execution.attempt };
    try {
      const { run } = this.resolve(context);
      const output = await runAction(run, this.runtime.registry, context, execution);
      const result: StepResult = { ...base, status: StepStatus.SUCCESS };
      if (output !== undefined) result.output = output;
      return result;
    } catch (error) {
      return { ...base, status: StepStatus.FAILED, error: errorMessage(error) };
    }
  }

  async rollback(
    context: WorkflowContext,
    result: StepResult,
    execution: StepExecution,
  ): Promise<void> {
    const { undo } = this.resolve(context);
    if (!undo) throw new Error(`step "${this.id}" has nothing to undo it with`);
    if (undo.kind === "run") {
      await runAction(undo.action, this.runtime.registry, context, execution);
      return;
    }
    await undoFromRecipe(
      this.runtime.registry,
      { kind: "undo", command: undo.command, args: undo.args },
      result.rollbackData,
      execution,
    );
  }

  /** An explicit `rollback` replaces the automatic undo; `rollback: none` leaves none. */
  private resolveUndo(scope: ValueScope, env: ActionEnvironment): ResolvedUndo | undefined {
    const rollback = this.rollbackExpr;
    if (!rollback) return resolveAutomaticUndo(this.runExpr, scope, env);
    if (rollback.kind === "none") return undefined;
    return { kind: "run", action: resolveAction(rollback, scope, env) };
  }

  private resolve(context: WorkflowContext): Resolved {
    let resolved = this.resolved.get(context);
    if (!resolved) {
      const { scope, env: runEnv } = this.runtime.scopeOf(context);
      // Its run and rollback (and the commands they call) run under the same shell.
      const env = this.shell === undefined ? runEnv : { ...runEnv, shell: this.shell };
      resolved = {
        run: resolveAction(this.runExpr, scope, env),
        undo: this.resolveUndo(scope, env),
      };
      this.resolved.set(context, resolved);
    }
    return resolved;
  }
}
