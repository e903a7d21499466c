import type { CommandRegistry } from "../../commands/registry";
import type { ShellName } from "../../commands/shell-choice";
import type { WorkflowContext } from "../../runtime/context";
import type { CallExpression, CommandDeclaration, Expression, Property } from "../ast";
import type { CommandSymbol } from "../scope";
import { liveValue } from "../../runtime/recipe-reference";
import { CompileError } from "./compile-error";
import { evaluate, shellScript } from "./evaluate";
import { fittedArgument } from "./run-time-argument";
import { referenceOrigin } from "./value-origin";
import { nulByteProblem } from "../../commands/nul-byte";
import { CommandScope, type ValueScope, type WorkflowIdentity } from "./value-scope";

/** An action with every value known: a registry command with its arguments, or a JavaScript function. */
export type ResolvedAction =
  | { kind: "command"; command: string; args: Record<string, unknown> }
  | { kind: "js"; module: string; exportName: string; args: Record<string, unknown>; path: string };

/** How a resolved action is undone: run another action, or the command's automatic undo. */
export type ResolvedUndo =
  | { kind: "run"; action: ResolvedAction }
  | { kind: "undo"; command: string; args: Record<string, unknown> };

/** What resolving actions needs besides the scope of values. */
export interface ActionEnvironment {
  /** Commands by name: declared (here or imported) and built-in. */
  commands: ReadonlyMap<string, CommandSymbol>;
  registry: CommandRegistry;
  context: WorkflowContext | undefined;
  /** The workflow being run: commands see its `workflow.name` and `workflow.dir`, not their own file's. */
  workflow: WorkflowIdentity;
  /** The step's (or else the workflow's) `shell`: given to every `sh` its actions run. */
  shell?: ShellName;
  /** Resolving an undo recipe for the run record: command bodies keep environment values as references. */
  recording?: boolean;
  /**
   * The environment `env.NAME` reads in command bodies when the workflow or
   * the step sets variables (`env:`); else the run's.
   */
  environment?: Readonly<Record<string, string | undefined>>;
}

/** The declared commands whose `run` is being expanded, outermost first: a repeat is a loop. */
type CommandChain = readonly string[];

/**
 * Resolves an action (language.md §5) to what runs: a shell string becomes the
 * `sh` command with its values shell-quoted, a declared command is expanded
 * into its own `run` with its arguments bound, `js(...)` names a module export.
 */
export function resolveAction(
  expr: Expression,
  scope: ValueScope,
  env: ActionEnvironment,
  chain: CommandChain = [],
): ResolvedAction {
  if (expr.kind === "string") {
    const args: Record<string, unknown> = { script: shellScript(expr, scope) };
    if (env.shell !== undefined) args.shell = env.shell;
    return { kind: "command", command: SH_COMMAND, args };
  }
  if (expr.kind !== "call") {
    throw new CompileError(
      "an action is a shell string, a command call or js(...)",
      scope.path,
      expr.range,
    );
  }
  if (expr.callee.text === "js") return resolveJs(expr, scope);
  const symbol = lookupCommand(expr, scope, env);
  if (symbol.kind === "builtin")
    return {
      kind: "command",
      command: symbol.name,
      args: builtinArgs(expr, symbol.name, scope, env),
    };
  const inner = commandScope(symbol.decl, symbol.path, expr, scope, env);
  const run = requiredProperty(symbol.decl, "run", symbol.path);
  return resolveAction(run, inner, env, enterCommand(chain, symbol.name, expr, scope));
}

/**
 * `chain` with `name` added: expanding a command's `run` again while it is
 * being expanded would never end (check reports the loop too, MF043).
 */
function enterCommand(
  chain: CommandChain,
  name: string,
  call: CallExpression,
  scope: ValueScope,
): CommandChain {
  const at = chain.indexOf(name);
  if (at >= 0) {
    const loop = [...chain.slice(at), name].join(" → ");
    throw new CompileError(`commands call each other in a loop: ${loop}`, scope.path, call.range);
  }
  return [...chain, name];
}

/**
 * The automatic undo of an action: a built-in's own undo, a declared command's
 * `rollback` (or, without one, the undo of its own `run`). Undefined: nothing
 * undoes it (irreversible, or nothing to undo).
 */
export function resolveAutomaticUndo(
  expr: Expression,
  scope: ValueScope,
  env: ActionEnvironment,
  chain: CommandChain = [],
): ResolvedUndo | undefined {
  if (expr.kind !== "call" || expr.callee.text === "js") return undefined;
  const symbol = lookupCommand(expr, scope, env);
  if (symbol.kind === "builtin") {
    return symbol.signature.reversible
      ? { kind: "undo", command: symbol.name, args: builtinArgs(expr, symbol.name, scope, env) }
      : undefined;
  }
  const rollback = property(symbol.decl.properties, "rollback");
  // `rollback: none`: the command leaves nothing to undo.
  if (rollback?.value?.kind === "none") return undefined;
  const inner = commandScope(symbol.decl, symbol.path, expr, scope, env);
  // Its `rollback` is an action of its own (it may even run the command): not inside its `run`.
  if (rollback?.value)
    return { kind: "run", action: resolveAction(rollback.value, inner, env, chain) };
  const run = property(symbol.decl.properties, "run");
  if (!run?.value) return undefined;
  return resolveAutomaticUndo(run.value, inner, env, enterCommand(chain, symbol.name, expr, scope));
}

/** The command a call names (declared or built-in). */
function lookupCommand(
  call: CallExpression,
  scope: ValueScope,
  env: ActionEnvironment,
): CommandSymbol {
  const symbol = env.commands.get(call.callee.text);
  if (symbol) return symbol;
  const signature = env.registry.signature(call.callee.text);
  if (signature) return { kind: "builtin", name: signature.name, signature };
  throw new CompileError(`unknown command \`${call.callee.text}\``, scope.path, call.callee.range);
}

/** The built-in whose `script` argument is shell code. */
const SH_COMMAND = "sh";

/**
 * The arguments of a built-in call: `sh`'s `script`, written as a string, is
 * shell code, and its `shell`, when not given, is the step's.
 */
function builtinArgs(
  call: CallExpression,
  name: string,
  scope: ValueScope,
  env: ActionEnvironment,
): Record<string, unknown> {
  if (name !== SH_COMMAND) return namedArgs(call, scope);
  const args = namedArgs(call, scope, "script");
  if (!("shell" in args) && env.shell !== undefined) args.shell = env.shell;
  return args;
}

/**
 * The named arguments of a call. `shellArgument` names the one that is shell
 * code: written as a string, its values are quoted as in a shell action (a
 * value given as the whole script is the script itself and runs as such).
 */
function namedArgs(
  call: CallExpression,
  scope: ValueScope,
  shellArgument?: string,
): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const arg of call.args) {
    if (!arg.name || !arg.value) {
      throw new CompileError(
        `arguments of \`${call.callee.text}\` are named: \`name: value\``,
        scope.path,
        arg.range,
      );
    }
    if (arg.name.text !== shellArgument) args[arg.name.text] = evaluate(arg.value, scope);
    else if (arg.value.kind === "string") args[arg.name.text] = shellScript(arg.value, scope);
    else args[arg.name.text] = wholeScript(call, arg.value, scope);
  }
  return args;
}

/**
 * A value given as the whole script (`sh(script: steps.gen.output)`): one
 * holding a NUL byte is refused here, naming where it comes from, as Node's
 * own refusal names neither the step nor the value.
 */
function wholeScript(call: CallExpression, expr: Expression, scope: ValueScope): unknown {
  const value = evaluate(expr, scope);
  const nul = typeof value === "string" ? nulByteProblem(value) : undefined;
  if (!nul) return value;
  const origin = expr.kind === "ref" ? referenceOrigin(expr, scope) : undefined;
  throw new CompileError(
    `the script of ${call.callee.text}${origin ? ` (${origin})` : ""} ${nul}, which a shell script cannot carry`,
    scope.path,
    expr.range,
  );
}

/** The scope of a declared command's body: its parameters bound to the call's arguments or defaults. */
function commandScope(
  decl: CommandDeclaration,
  path: string,
  call: CallExpression,
  caller: ValueScope,
  env: ActionEnvironment,
): CommandScope {
  const given = namedArgs(call, caller);
  const values = new Map<string, unknown>();
  const recording = env.recording === true;
  const { context, workflow, environment } = env;
  const defaults = new CommandScope(
    decl,
    new Map(),
    path,
    context,
    workflow,
    recording,
    environment,
  );
  for (const param of decl.params) {
    const name = param.name.text;
    if (name in given) values.set(name, checkedArgument(decl, param, given[name], call, caller));
    else if (param.default) values.set(name, evaluate(param.default, defaults));
    else
      throw new CompileError(
        `missing argument \`${name}\` of \`${decl.name.text}\``,
        caller.path,
        call.callee.range,
      );
  }
  return new CommandScope(decl, values, path, context, workflow, recording, environment);
}

/**
 * A command's argument held to its parameter's type, as a called workflow's
 * is: a value only known during the run (a step's output) that does not fit
 * fails the step here, before the command's shell action sees a list where
 * it declared a string. The value itself is passed on as it was given (text
 * that reads as the type, "30s" for a duration, stays text).
 */
function checkedArgument(
  decl: CommandDeclaration,
  param: CommandDeclaration["params"][number],
  value: unknown,
  call: CallExpression,
  caller: ValueScope,
): unknown {
  const name = param.name.text;
  const arg = call.args.find((a) => a.name?.text === name)?.value ?? call.callee;
  const owner = `command \`${decl.name.text}\``;
  fittedArgument(owner, name, param.type?.name.text, liveValue(value), {
    path: caller.path,
    range: arg.range,
  });
  return value;
}

/** `js("./module.mjs", "exportName", extra: args...)`. */
function resolveJs(call: CallExpression, scope: ValueScope): ResolvedAction {
  const positional = call.args.filter((a) => !a.name);
  // The recipe names the code only: a module path read from the environment is its live value.
  const [module, exportName] = positional.map((a) =>
    a.value ? liveValue(evaluate(a.value, scope)) : undefined,
  );
  if (typeof module !== "string" || typeof exportName !== "string" || positional.length !== 2) {
    throw new CompileError(
      'js(...) takes a module path and an export name: js("./module.mjs", "run")',
      scope.path,
      call.range,
    );
  }
  const args: Record<string, unknown> = {};
  for (const arg of call.args)
    if (arg.name && arg.value) args[arg.name.text] = evaluate(arg.value, scope);
  return { kind: "js", module, exportName, args, path: scope.path };
}

function property(properties: Property[], name: string): Property | undefined {
  return properties.find((p) => p.name.text === name);
}

function requiredProperty(decl: CommandDeclaration, name: string, path: string): Expression {
  const value = property(decl.properties, name)?.value;
  if (!value)
    throw new CompileError(
      `command \`${decl.name.text}\` has no \`${name}\``,
      path,
      decl.name.range,
    );
  return value;
}
