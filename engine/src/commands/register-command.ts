import type { CommandParam } from "./command";
import {
  FunctionCommand,
  type CommandFunction,
  type CommandRollbackFunction,
  type FunctionCommandOptions,
} from "./function-command";
import { getCommandRegistry, type CommandRegistry } from "./registry";

/** Options of {@link registerCommand}. */
export interface RegisterCommandOptions {
  /** Where to register. Default: the process-wide registry. */
  registry?: CommandRegistry;
  /** An automatic undo, which makes steps calling the command reversible. */
  rollback?: CommandRollbackFunction;
  /** Longer Markdown documentation (hover); its first paragraph is the description when none is given. */
  doc?: string;
  /** What undoes it, in words (hover). */
  undoDescription?: string;
  /** Replace a command already registered under the name (a notebook cell run again). Default false. */
  replace?: boolean;
}

/**
 * What {@link registerCommand} returns: call it with a function, or use it as a
 * decorator on a method (TC39 or legacy `experimentalDecorators`). Either way
 * the function is registered and returned unchanged.
 */
export interface CommandRegistrar {
  <F extends CommandFunction>(fn: F): F;
  /** TC39 method decorator. The method is called without `this`: prefer static methods. */
  <F extends CommandFunction>(fn: F, context: ClassMethodDecoratorContext): F;
  /** Legacy (`experimentalDecorators`) method decorator. */
  (target: object, propertyKey: string | symbol, descriptor: PropertyDescriptor): void;
}

/**
 * Registers a function as a command, as momo-workflow's `@registerCommand`:
 *
 * ```ts
 * const greet = registerCommand("greet", "Print a greeting", [
 *   { name: "name", type: "string" },
 * ])((args) => `Hello ${args.name}`);
 *
 * class Deploy {
 *   @registerCommand("deploy", "Deploy the site")
 *   static deploy(args: CommandArgs, invocation: CommandInvocation) { ... }
 * }
 * ```
 *
 * An empty `description` falls back to the first paragraph of `options.doc`.
 *
 * @throws Error `command "x" is already registered` (when the returned function
 *   is applied), unless `options.replace`.
 */
export function registerCommand(
  name: string,
  description = "",
  params: CommandParam[] = [],
  options: RegisterCommandOptions = {},
): CommandRegistrar {
  const register = (fn: unknown): void => {
    if (typeof fn !== "function") {
      throw new Error(`registerCommand("${name}") must be applied to a function`);
    }
    const functionOptions: FunctionCommandOptions = {};
    if (options.rollback) functionOptions.rollback = options.rollback;
    if (options.doc !== undefined) functionOptions.doc = options.doc;
    if (options.undoDescription !== undefined) {
      functionOptions.undoDescription = options.undoDescription;
    }
    const command = new FunctionCommand(
      name,
      description,
      fn as CommandFunction,
      params,
      functionOptions,
    );
    (options.registry ?? getCommandRegistry()).register(name, command, {
      replace: options.replace ?? false,
    });
  };
  return ((target: unknown, key?: unknown, descriptor?: PropertyDescriptor) => {
    // Legacy decorator: (prototype or class, name, descriptor).
    if (descriptor !== undefined && typeof key !== "object") {
      register(descriptor.value);
      return undefined;
    }
    register(target);
    return target;
  }) as CommandRegistrar;
}
