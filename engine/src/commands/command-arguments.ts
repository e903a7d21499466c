import type { CommandArgs, CommandParam, ParamType } from "./command";
import { parseDuration, parseSize, partialBytes } from "../units/quantity";
import { nulByteProblem } from "./nul-byte";

/** Every parameter type a command may declare. */
export const PARAM_TYPES: readonly ParamType[] = [
  "string",
  "int",
  "number",
  "bool",
  "duration",
  "size",
  "path",
  "list",
  "map",
  "any",
  "secret",
];

/** A call of a command with arguments that do not fit its parameters. */
export class CommandArgumentError extends Error {
  /** The command called. */
  readonly command: string;
  /** The argument at fault, when one is. */
  readonly argument: string | undefined;

  constructor(command: string, argument: string | undefined, message: string) {
    super(`command "${command}": ${message}`);
    this.name = "CommandArgumentError";
    this.command = command;
    this.argument = argument;
  }
}

/**
 * Checks `args` against a command's parameters and returns the arguments the
 * command runs with: defaults filled in, duration and size text (`"30s"`,
 * `"10MB"`) turned into milliseconds and bytes. An argument given as
 * `undefined` counts as not given. With `anyArguments`, arguments that are not
 * parameters are passed on unchecked instead of refused.
 *
 * @throws CommandArgumentError naming the command and the argument: unknown
 *   argument, missing required argument, or a value of the wrong type.
 */
export function resolveCommandArgs(
  command: string,
  params: readonly CommandParam[],
  args: CommandArgs,
  anyArguments = false,
): CommandArgs {
  if (args === null || typeof args !== "object" || Array.isArray(args)) {
    throw new CommandArgumentError(
      command,
      undefined,
      "arguments must be an object of name: value",
    );
  }
  const known = new Set(params.map((p) => p.name));
  const resolved: CommandArgs = {};
  for (const name of Object.keys(args)) {
    if (!known.has(name)) {
      // A command that takes any arguments (a mock) gets the undeclared ones as they are.
      if (anyArguments) {
        if (args[name] !== undefined) resolved[name] = args[name];
        continue;
      }
      const expected = params.length
        ? `; its parameters are ${params.map((p) => p.name).join(", ")}`
        : "; it takes no arguments";
      throw new CommandArgumentError(command, name, `unknown argument "${name}"${expected}`);
    }
  }
  for (const param of params) {
    const given = args[param.name];
    if (given === undefined) {
      if (param.default === undefined) {
        throw new CommandArgumentError(
          command,
          param.name,
          `missing required argument "${param.name}" (${param.type})`,
        );
      }
      resolved[param.name] = checkParamValue(command, param, param.default);
    } else {
      resolved[param.name] = checkParamValue(command, param, given);
    }
  }
  return resolved;
}

/**
 * Checks one value against a parameter's type and returns it normalized
 * (durations in ms, sizes in bytes).
 *
 * @throws CommandArgumentError when the value does not fit.
 */
export function checkParamValue(command: string, param: CommandParam, value: unknown): unknown {
  // Node's own refusal names neither the command nor the argument.
  const nul =
    param.type === "path" && typeof value === "string" ? nulByteProblem(value) : undefined;
  if (nul)
    throw new CommandArgumentError(
      command,
      param.name,
      `argument "${param.name}" ${nul}, which no file path can hold`,
    );
  const fitted = fitParamValue(param.type, value);
  if ("problem" in fitted)
    throw new CommandArgumentError(
      command,
      param.name,
      `argument "${param.name}" ${fitted.problem}`,
    );
  return fitted.value;
}

/**
 * A value for a parameter of `type`, normalized (durations in ms, sizes in
 * bytes), or what is wrong with it: `must be a list, got number 3`. For any
 * parameter that takes values only known during the run, commands' and
 * called workflows' alike.
 */
export function fitParamValue(
  type: ParamType,
  value: unknown,
): { value: unknown } | { problem: string } {
  const partial = type === "size" && typeof value === "string" ? partialBytes(value) : undefined;
  if (partial !== undefined)
    return {
      problem: `must be a whole number of bytes, got ${JSON.stringify(value)} (${partial} bytes)`,
    };
  const normalized = normalize(type, value);
  if (normalized === INVALID)
    return { problem: `must be ${TYPE_WORDS[type]}, got ${describeValue(value)}` };
  return { value: normalized };
}

const INVALID = Symbol("invalid");

const TYPE_WORDS: Record<ParamType, string> = {
  string: "a string",
  int: "a whole number (int)",
  number: "a number",
  bool: "true or false (bool)",
  duration: 'a duration (milliseconds, or text like "30s")',
  size: 'a size (bytes, or text like "10MB")',
  path: "a path (a non-empty string)",
  list: "a list",
  map: "a map (an object of key: value)",
  any: "a value",
  secret: "a secret (text)",
};

function normalize(type: ParamType, value: unknown): unknown {
  switch (type) {
    case "string":
    case "secret":
      return typeof value === "string" ? value : INVALID;
    case "int":
      return Number.isInteger(value) ? value : INVALID;
    case "number":
      return typeof value === "number" && Number.isFinite(value) ? value : INVALID;
    case "bool":
      return typeof value === "boolean" ? value : INVALID;
    case "duration":
      return quantity(value, parseDuration);
    case "size":
      return quantity(value, parseSize);
    case "path":
      return typeof value === "string" && value.length > 0 ? value : INVALID;
    case "list":
      return Array.isArray(value) ? value : INVALID;
    case "map":
      return isPlainObject(value) ? value : INVALID;
    case "any":
      return value === undefined ? INVALID : value;
    default:
      return INVALID;
  }
}

function quantity(value: unknown, parse: (text: string) => number | undefined): unknown {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? value : INVALID;
  if (typeof value === "string") return parse(value) ?? INVALID;
  return INVALID;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** A value as a message names it: `the string "a"`, `number 3`, `a list`, `a map`. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  switch (typeof value) {
    case "string":
      return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
    case "number":
    case "boolean":
    case "bigint":
      return `${typeof value} ${String(value)}`;
    case "object":
      return "a map";
    default:
      return `a ${typeof value}`;
  }
}
