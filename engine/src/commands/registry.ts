import type {
  Command,
  CommandArgs,
  CommandInvocation,
  CommandParam,
  CommandSignature,
  CommandSpec,
} from "./command";
import {
  checkParamValue,
  describeValue,
  PARAM_TYPES,
  resolveCommandArgs,
} from "./command-arguments";
import { commandDescription } from "./command-description";
import { BUILTIN_COMMANDS } from "./builtins/index";

/** Options of {@link CommandRegistry.register}. */
export interface RegisterOptions {
  /** One of momoflow's own commands (language.md §5). Default false. */
  builtin?: boolean;
  /**
   * Replace a command already registered under the name (a notebook cell run
   * again, a module imported twice). Built-ins are never replaced. Default false.
   */
  replace?: boolean;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The commands a workflow can call by name: the built-ins and the ones users
 * register. It is the one place where arguments are checked against a
 * command's parameters, so the engine, the CLI and the language server agree.
 */
export class CommandRegistry {
  private readonly commands = new Map<string, Command>();

  /**
   * Adds a command. Its name must be an identifier, so workflows can call it.
   *
   * @throws Error `command "x" is already registered` on a duplicate name
   *   (unless `replace`), or when the spec is malformed (bad parameter name or
   *   type, default of the wrong type).
   */
  register(name: string, spec: CommandSpec, options: RegisterOptions = {}): Command {
    const existing = this.commands.get(name);
    if (existing) {
      if (existing.builtin) {
        throw new Error(
          `command "${name}" is already registered: it is a built-in, which cannot be replaced`,
        );
      }
      if (!options.replace) {
        throw new Error(
          `command "${name}" is already registered (pass { replace: true } to replace it)`,
        );
      }
    }
    const command = buildCommand(name, spec, options.builtin ?? false);
    this.commands.set(name, command);
    return command;
  }

  /** Removes a command; true when it was registered. */
  unregister(name: string): boolean {
    return this.commands.delete(name);
  }

  /** The command registered under `name`, or undefined. */
  get(name: string): Command | undefined {
    return this.commands.get(name);
  }

  /** Whether a command is registered under `name`. */
  has(name: string): boolean {
    return this.commands.has(name);
  }

  /** The signatures of every command, sorted by name (for the checker and the language server). */
  list(): CommandSignature[] {
    return [...this.commands.keys()]
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      .map((name) => toSignature(this.commands.get(name)!));
  }

  /** The signature of one command, or undefined when it is not registered. */
  signature(name: string): CommandSignature | undefined {
    const command = this.commands.get(name);
    return command && toSignature(command);
  }

  /**
   * Checks `args` against the command's parameters (defaults applied) without running it.
   *
   * @throws Error for an unknown command, CommandArgumentError for bad arguments.
   */
  resolveArgs(name: string, args: CommandArgs): CommandArgs {
    const command = this.require(name);
    return resolveCommandArgs(name, command.params, args, command.anyArguments === true);
  }

  /**
   * Runs a command: checks the arguments, applies defaults, awaits the output.
   *
   * @throws Error for an unknown command, CommandArgumentError for bad
   *   arguments, or whatever the command throws.
   */
  async invoke(name: string, args: CommandArgs, invocation: CommandInvocation): Promise<unknown> {
    return this.require(name).run(args, invocation);
  }

  /**
   * Runs a command's automatic undo with the arguments it ran with and the
   * rollback data it remembered (undefined when it remembered nothing).
   *
   * @throws Error when the command is unknown or has no automatic undo.
   */
  async undo(
    name: string,
    args: CommandArgs,
    rollbackData: unknown,
    invocation: CommandInvocation,
  ): Promise<void> {
    const command = this.require(name);
    if (!command.rollback) throw new Error(`command "${name}" has no automatic undo`);
    await command.rollback(args, rollbackData, invocation);
  }

  private require(name: string): Command {
    const command = this.commands.get(name);
    if (!command) throw new Error(`unknown command "${name}"`);
    return command;
  }
}

/** Options of {@link createCommandRegistry}. */
export interface CreateRegistryOptions {
  /** Register the built-in commands (language.md §5). Default true. */
  builtins?: boolean;
}

/** A new registry of its own, apart from the process-wide one (for tests and embedding). */
export function createCommandRegistry(options: CreateRegistryOptions = {}): CommandRegistry {
  const registry = new CommandRegistry();
  if (options.builtins ?? true) registerBuiltins(registry);
  return registry;
}

// A global symbol, not a module variable: two bundled copies of the library
// (the CLI and a user's workflow module) must see the same commands.
const GLOBAL_KEY = Symbol.for("momoflow.commandRegistry");

/** The process-wide registry, with the built-ins registered. */
export function getCommandRegistry(): CommandRegistry {
  const holder = globalThis as unknown as Record<symbol, CommandRegistry | undefined>;
  let registry = holder[GLOBAL_KEY];
  if (!registry) {
    registry = createCommandRegistry({ builtins: true });
    holder[GLOBAL_KEY] = registry;
  }
  return registry;
}

function buildCommand(name: string, spec: CommandSpec, builtin: boolean): Command {
  if (!IDENTIFIER.test(name)) {
    throw new Error(`command name "${name}" must be an identifier ([A-Za-z_][A-Za-z0-9_]*)`);
  }
  if (!spec || typeof spec.run !== "function") {
    throw new Error(`command "${name}" needs a run function`);
  }
  const params = checkParams(name, spec.params ?? []);
  const anyArguments = spec.anyArguments === true;
  const resolve = (args: CommandArgs): CommandArgs =>
    resolveCommandArgs(name, params, args, anyArguments);
  // Methods are called on the spec, so class-based specs keep their `this`.
  const command: Command = {
    name,
    description: commandDescription(spec.description, spec.doc),
    params,
    reversible: typeof spec.rollback === "function",
    builtin,
    run: async (args, invocation) => spec.run(resolve(args), invocation),
  };
  if (spec.doc !== undefined) command.doc = spec.doc;
  if (spec.undoDescription !== undefined) command.undoDescription = spec.undoDescription;
  if (spec.effectFree) command.effectFree = true;
  if (anyArguments) command.anyArguments = true;
  if (typeof spec.rollback === "function") {
    command.rollback = async (args, rollbackData, invocation) => {
      await spec.rollback!(resolve(args), rollbackData, invocation);
    };
  }
  return command;
}

function checkParams(command: string, params: readonly CommandParam[]): CommandParam[] {
  // Unchecked callers (JavaScript, code ported from momo-workflow's dicts) get what is wrong, not a TypeError.
  if (!Array.isArray(params)) {
    throw new Error(
      `command "${command}": its parameters must be a list of { name, type } objects (e.g. [{ name: "path", type: "path" }]), got ${givenAs(params)}`,
    );
  }
  const seen = new Set<string>();
  return params.map((param: unknown, i) => {
    if (param === null || typeof param !== "object" || Array.isArray(param)) {
      throw new Error(
        `command "${command}": its parameter ${i + 1} must be a { name, type } object, got ${givenAs(param)}`,
      );
    }
    return checkParam(command, param as CommandParam, seen);
  });
}

/** What a JavaScript caller gave, in its own terms. */
function givenAs(value: unknown): string {
  const isObject = value !== null && typeof value === "object" && !Array.isArray(value);
  return isObject ? "an object" : describeValue(value);
}

function checkParam(command: string, param: CommandParam, seen: Set<string>): CommandParam {
  if (!IDENTIFIER.test(param.name)) {
    throw new Error(`command "${command}": parameter name "${param.name}" must be an identifier`);
  }
  if (seen.has(param.name)) {
    throw new Error(`command "${command}": parameter "${param.name}" is declared twice`);
  }
  seen.add(param.name);
  if (!PARAM_TYPES.includes(param.type)) {
    throw new Error(
      `command "${command}": parameter "${param.name}" has unknown type "${String(param.type)}"`,
    );
  }
  if (param.default !== undefined) checkParamValue(command, param, param.default);
  return { ...param };
}

function toSignature(command: Command): CommandSignature {
  const signature: CommandSignature = {
    name: command.name,
    description: command.description,
    params: command.params.map((p) => ({ ...p })),
    reversible: command.reversible,
    builtin: command.builtin,
  };
  if (command.doc !== undefined) signature.doc = command.doc;
  if (command.undoDescription !== undefined) signature.undoDescription = command.undoDescription;
  if (command.effectFree) signature.effectFree = true;
  if (command.anyArguments) signature.anyArguments = true;
  return signature;
}

/** Registers every built-in command in `registry`, marked `builtin`. */
function registerBuiltins(registry: CommandRegistry): void {
  for (const [name, spec] of Object.entries(BUILTIN_COMMANDS)) {
    registry.register(name, spec, { builtin: true });
  }
}
