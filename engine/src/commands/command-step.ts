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
 * @throws Error from the constructor for an unknown command, arguments that
 *   do not fit it, or `reversible: true` with nothing to undo with.
 */
export class CommandStep extends BaseWorkflowStep {
  readonly command: string;
  readonly args: CommandArgs;
  readonly rollbackAction: CommandAction | undefined;
  private readonly registry: CommandRegistry;
  private readonly automaticUndo: boolean;

  constructor(
    id: string,
    command: string,
    args: CommandArgs = {},
    options: CommandStepOptions = {},
  ) {
    const registry = options.registry ?? getCommandRegistry();
    const runs = checkAction(id, registry, { command, args }, "run");
    const automaticUndo = runs.reversible;
    if (options.rollback) checkAction(id, registry, options.rollback, "rollback");
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
  }

  /** Calls the command; its output is the step's. A throw becomes a failed result. */
  async execute(_context: WorkflowContext, execution: StepExecution): Promise<StepResult> {
    let remembered: unknown;
    const invocation = toInvocation(execution, (data) => {
      remembered = data;
    });
    try {
      const output = await this.registry.invoke(this.command, this.args, invocation);
      return this.success({ output, rollbackData: remembered });
    } catch (error) {
      return this.failure(error, remembered);
    }
  }

  /** Runs the explicit rollback, or the command's automatic undo with `result.rollbackData`. */
  override async rollback(
    _context: WorkflowContext,
    result: StepResult,
    execution: StepExecution,
  ): Promise<void> {
    const recipe = this.undoRecipe();
    if (!recipe) return;
    await undoFromRecipe(this.registry, recipe, result.rollbackData, execution);
  }

  /** `run` for an explicit rollback, `undo` for the automatic one, undefined when irreversible. */
  undoRecipe(): UndoRecipe | undefined {
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

/** Checks an action against the registry; returns its command. */
function checkAction(
  stepId: string,
  registry: CommandRegistry,
  action: CommandAction,
  role: "run" | "rollback",
): Command {
  const command = registry.get(action.command);
  if (!command)
    throw new Error(`step "${stepId}": ${role} calls unknown command "${action.command}"`);
  try {
    registry.resolveArgs(action.command, action.args);
  } catch (error) {
    throw new Error(`step "${stepId}": ${(error as Error).message}`, { cause: error });
  }
  return command;
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
  };
}
