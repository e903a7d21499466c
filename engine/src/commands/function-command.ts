import type { CommandArgs, CommandInvocation, CommandParam, CommandSpec } from "./command";
import { commandDescription } from "./command-description";

/** The work of a {@link FunctionCommand}: its return value (awaited) is the output. */
export type CommandFunction = (args: CommandArgs, invocation: CommandInvocation) => unknown;

/** The automatic undo of a {@link FunctionCommand}. */
export type CommandRollbackFunction = (
  args: CommandArgs,
  rollbackData: unknown,
  invocation: CommandInvocation,
) => unknown;

/** Options of a {@link FunctionCommand}. */
export interface FunctionCommandOptions {
  /** An automatic undo; its presence makes steps calling the command reversible. */
  rollback?: CommandRollbackFunction;
  /**
   * Longer Markdown documentation (hover). Its first paragraph is the
   * description when none is given (momo-workflow took the docstring).
   */
  doc?: string;
  /** What undoes it, in words (hover). */
  undoDescription?: string;
}

/**
 * A JavaScript function as a command:
 *
 * ```ts
 * registry.register("greet", new FunctionCommand("greet", "Print a greeting",
 *   (args) => `Hello ${args.name}`, [{ name: "name", type: "string" }]));
 * ```
 *
 * With an empty `description`, the first paragraph of `options.doc` is the
 * description (a function's doc comment is not there at run time, so `doc` is
 * where its documentation goes).
 */
export class FunctionCommand implements CommandSpec {
  readonly name: string;
  readonly description: string;
  readonly params: CommandParam[];
  // `declare`d: absent unless given, since a present `rollback` means reversible.
  declare readonly doc?: string;
  declare readonly undoDescription?: string;
  declare readonly rollback?: CommandRollbackFunction;
  private readonly fn: CommandFunction;

  constructor(
    name: string,
    description: string,
    fn: CommandFunction,
    params: CommandParam[] = [],
    options: FunctionCommandOptions = {},
  ) {
    this.name = name;
    this.description = commandDescription(description, options.doc);
    this.fn = fn;
    this.params = params;
    if (options.doc !== undefined) this.doc = options.doc;
    if (options.undoDescription !== undefined) this.undoDescription = options.undoDescription;
    if (options.rollback) this.rollback = options.rollback;
  }

  run(args: CommandArgs, invocation: CommandInvocation): unknown {
    return this.fn(args, invocation);
  }
}
