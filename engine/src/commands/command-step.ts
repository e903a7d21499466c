import type { WorkflowContext } from "../runtime/context";
import {
  BaseWorkflowStep,
  type StepExecution,
  type StepOptions,
  type StepResult,
  type UndoRecipe,
} from "../runtime/step";
import type { Command, CommandArgs, CommandInvocation } from "./command";
import { getCommandRegistry, type CommandRegistry } from "./registry";
import { StepArguments, type ReferenceScope } from "./step-argument-references";
import { undoFromRecipe } from "./undo-recipe";

/** A command call: the `run` or `rollback` of a step. */
export interface CommandAction {
  command: string;
  args: CommandArgs;
}

/** Options of a {@link CommandStep}. */
export interface CommandStepOptions extends StepOptions {
  description?: string;
  /** An explicit undo; it replaces the command's automatic one. */
  rollback?: CommandAction;
  /** Where commands are looked up. Default: the process-wide registry. */
  registry?: CommandRegistry;
}

/**
 * A step whose action is a registered command, called with named arguments
 * (`run: copy_file(source: ..., destination: ...)`). It is reversible when it
 * has an explicit `rollback`, or when the command has an automatic undo
 * (unless `reversible: false` is given). A step whose command changes nothing
 * outside the run (`sleep`, `log`, `fail`) and that has no `rollback` is
 * `effectFree`: it has nothing to undo. Its undo is also written to the run
 * record as an {@link UndoRecipe}, so it can be undone later from the record alone.
 *
 * A string argument (of `run` or `rollback`), or a string inside a list or
 * map argument (`{ value: { version: "${version}" } }`), may refer to the run, as
 * momo-workflow passed context variables to commands: `"${name}"` (a
 * variable), `"${steps.build.output}"` (an earlier step's output, which the
 * step should list in `needs`), `"${env.HOME}"`. A string that is just one
 * reference gets its value as it is; in `sh`'s `script` each value is
 * shell-quoted for where it lands. `\${` is a literal `${`. A reference
 * without a value fails the step before it runs, naming it.
 *
 * The id may be left `undefined`: it is then `cmd_<command>`.
 *
 * @throws Error from the constructor for an unknown command, arguments that
 *   do not fit it, a malformed `${...}`, or `reversible: true` with nothing to undo with.
 */
export class CommandStep extends BaseWorkflowStep {
  readonly command: string;
  /** The arguments as given (references unresolved). */
  readonly args: CommandArgs;
  readonly rollbackAction: CommandAction | undefined;
  private readonly registry: CommandRegistry;
  private readonly automaticUndo: boolean;
  private readonly runArgs: StepArguments;
  private readonly rollbackArgs: StepArguments | undefined;

  constructor(
    id: string | undefined,
    command: string,
    args: CommandArgs = {},
    options: CommandStepOptions = {},
  ) {
    id ??= `cmd_${command}`;
    const registry = options.registry ?? getCommandRegistry();
    const [runs, runArgs] = checkAction(id, registry, { command, args }, "run");
    const automaticUndo = runs.reversible;
    const rollbackArgs = options.rollback
      ? checkAction(id, registry, options.rollback, "rollback")[1]
      : undefined;
    const reversible = options.reversible ?? (options.rollback !== undefined || automaticUndo);
    // An effect-free command (`sleep`, `log`) leaves nothing to undo, unless a rollback says otherwise.
    const effectFree =
      options.effectFree ?? (!options.rollback && !reversible && runs.effectFree === true);
    if (reversible && !options.rollback && !automaticUndo) {
      throw new Error(
        `step "${id}" is marked reversible, but command "${command}" has no automatic undo and the step no rollback`,
      );
    }
    super(id, options.description ?? "", { ...options, reversible, effectFree });
    this.command = command;
    this.args = args;
    this.rollbackAction = options.rollback;
    this.registry = registry;
    this.automaticUndo = automaticUndo;
    this.runArgs = runArgs;
    this.rollbackArgs = rollbackArgs;
  }

  /**
   * Every reference of `run` (and of `rollback`, but for the step's own
   * output, known only after it ran) has a value.
   */
  override async validatePreconditions(context: WorkflowContext): Promise<string[]> {
    const scope = { context, env: context.env };
    const ownOutput = (ref: string): boolean => isOwnOutput(ref, this.id);
    return [
      ...this.runArgs.problems(scope),
      ...(this.rollbackArgs?.problems(scope, ownOutput) ?? []),
    ];
  }

  /** The steps whose output `run` and `rollback` read (the step's own left out). */
  referencedSteps(): string[] {
    const refs = [...this.runArgs.references(), ...(this.rollbackArgs?.references() ?? [])];
    const ids = refs.flatMap((ref) => {
      const [root, id] = ref.split(".");
      return root === "steps" && id !== undefined && id !== this.id ? [id] : [];
    });
    return [...new Set(ids)];
  }

  /** Calls the command; its output is the step's. A throw becomes a failed result. */
  async execute(context: WorkflowContext, execution: StepExecution): Promise<StepResult> {
    let remembered: unknown;
    const invocation = toInvocation(execution, (data) => {
      remembered = data;
    });
    try {
      const args = this.runArgs.resolve({ context, env: execution.env });
      const output = await this.registry.invoke(this.command, args, invocation);
      return this.success({ output, rollbackData: remembered });
    } catch (error) {
      return this.failure(error, remembered);
    }
  }

  /** Runs the explicit rollback, or the command's automatic undo with `result.rollbackData`. */
  override async rollback(
    context: WorkflowContext,
    result: StepResult,
    execution: StepExecution,
  ): Promise<void> {
    const recipe = this.resolvedRecipe({ context, env: execution.env });
    if (!recipe) return;
    await undoFromRecipe(this.registry, recipe, result.rollbackData, execution);
  }

  /**
   * `run` for an explicit rollback, `undo` for the automatic one, undefined
   * when irreversible. With a context, references are resolved; a rollback
   * reading the step's own output is `after_output` until the output exists.
   */
  undoRecipe(context?: WorkflowContext): UndoRecipe | undefined {
    if (!context || !this.reversible) return this.rawRecipe();
    const action = this.rollbackAction;
    if (action && this.rollbackArgs!.references().some((ref) => isOwnOutput(ref, this.id))) {
      if (!context.hasStepOutput(this.id))
        return { kind: "after_output", command: action.command, args: {} };
    }
    try {
      return this.resolvedRecipe({ context, env: context.env });
    } catch {
      // Only when a value went away after the preconditions: no recipe beats a wrong one.
      return undefined;
    }
  }

  private resolvedRecipe(scope: ReferenceScope): UndoRecipe | undefined {
    if (!this.reversible) return undefined;
    if (this.rollbackAction) {
      return {
        kind: "run",
        command: this.rollbackAction.command,
        args: this.rollbackArgs!.resolve(scope),
      };
    }
    if (this.automaticUndo) {
      return { kind: "undo", command: this.command, args: this.runArgs.resolve(scope) };
    }
    return undefined;
  }

  private rawRecipe(): UndoRecipe | undefined {
    if (!this.reversible) return undefined;
    if (this.rollbackAction) {
      return {
        kind: "run",
        command: this.rollbackAction.command,
        args: { ...this.rollbackAction.args },
      };
    }
    if (this.automaticUndo) return { kind: "undo", command: this.command, args: { ...this.args } };
    return undefined;
  }
}

function isOwnOutput(ref: string, stepId: string): boolean {
  return ref === `steps.${stepId}.output` || ref.startsWith(`steps.${stepId}.output.`);
}

/** Checks an action against the registry (references stand in as values of their type). */
function checkAction(
  stepId: string,
  registry: CommandRegistry,
  action: CommandAction,
  role: "run" | "rollback",
): [Command, StepArguments] {
  const command = registry.get(action.command);
  if (!command)
    throw new Error(`step "${stepId}": ${role} calls unknown command "${action.command}"`);
  const args = new StepArguments(stepId, action.args, command.params);
  try {
    registry.resolveArgs(action.command, args.standIns(command.params));
  } catch (error) {
    throw new Error(`step "${stepId}": ${(error as Error).message}`, { cause: error });
  }
  return [command, args];
}

/** The execution as an invocation, with `remember` also reporting to the step. */
function toInvocation(
  execution: StepExecution,
  onRemember: (data: unknown) => void,
): CommandInvocation {
  return {
    workingDirectory: execution.workingDirectory,
    signal: execution.signal,
    env: execution.env,
    logger: execution.logger,
    backupDir: execution.backupDir,
    remember(data) {
      onRemember(data);
      execution.remember(data);
    },
    reportChildMetrics(metrics) {
      execution.reportChildMetrics(metrics);
    },
    reportProcess(pid) {
      execution.reportProcess?.(pid);
    },
    writeOutput(stream, text) {
      execution.writeOutput?.(stream, text);
    },
    hideInMessage(text) {
      return execution.hideInMessage?.(text) ?? text;
    },
  };
}
