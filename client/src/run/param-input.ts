import type { ParamType } from "@momoflow/engine";
import { parseParamText, shortSecretProblem } from "@momoflow/language";
import { secretParamVariable } from "@momoflow/runtime";
import type { ParamOutline } from "../outline/document-outline";

/**
 * Types a param may be declared with (language.md "Values and types"). The
 * values typed into an input box are checked by the CLI's own reading of
 * `--param NAME=VALUE` (`parseParamText`), so what is accepted here is exactly
 * what the run accepts.
 */
const PARAM_TYPES: ReadonlySet<string> = new Set<ParamType>([
  "string",
  "path",
  "int",
  "number",
  "bool",
  "duration",
  "size",
  "list",
  "map",
  "any",
  "secret",
]);

/** The type to check an input against: the declared one, or `any` when unknown. */
function paramType(type: string | undefined): ParamType {
  return type !== undefined && PARAM_TYPES.has(type) ? (type as ParamType) : "any";
}

/**
 * What is wrong with `text` as a value of a param of `type`, or undefined when
 * it is fine (an input box's `validateInput`).
 */
export function paramInputProblem(text: string, type: string | undefined): string | undefined {
  try {
    parseParamText(text, paramType(type));
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return message.charAt(0).toUpperCase() + message.slice(1);
  }
}

/**
 * What a run's CLI says of `text` given to the secret param `name`, or
 * undefined when it takes it: too short or empty (`shortSecretProblem`, the
 * CLI's own rule and words), capitalized for the input box. A rollback's
 * undo secrets are not held to it: the CLI's rollback takes any value.
 */
export function runSecretInputProblem(name: string, text: string): string | undefined {
  const problem = shortSecretProblem(name, text);
  return problem && problem.charAt(0).toUpperCase() + problem.slice(1);
}

/** A hint for the input box: what a value of `type` looks like. */
export function paramInputPlaceholder(type: string | undefined): string {
  switch (paramType(type)) {
    case "int":
      return "a whole number, e.g. 3";
    case "number":
      return "a number, e.g. 0.5";
    case "bool":
      return "true or false";
    case "duration":
      return "a duration: 250ms, 30s, 5m, 2h";
    case "size":
      return "a size: 512KB, 10MB, 1GB";
    case "list":
      return 'a list: a, b, c or ["a", "b"]';
    case "map":
      return 'a map as JSON: {"key": "value"}';
    case "path":
      return "a path";
    case "string":
      return "text";
    case "secret":
      return "the secret (masked as *** wherever momoflow writes it)";
    case "any":
      return "a value (JSON or text)";
  }
}

/** The params a run must ask for: declared without a default, and not given already. */
export function paramsToAskFor(
  params: readonly ParamOutline[],
  given: Readonly<Record<string, unknown>> = {},
): ParamOutline[] {
  return params.filter((p) => p.required && !Object.hasOwn(given, p.name));
}

/**
 * The names of the `secret` params a run must ask for (see `paramsToAskFor`):
 * those `MOMOFLOW_PARAM_<NAME>` may give instead (`secretsInEnvironment`).
 */
export function secretParamsToAskFor(
  params: readonly ParamOutline[],
  given: Readonly<Record<string, unknown>> = {},
): string[] {
  return paramsToAskFor(params, given)
    .filter((p) => p.type === "secret")
    .map((p) => p.name);
}

/** The params among `given` that are declared `secret`: they go to the CLI in its environment. */
export function secretParamNames(
  params: readonly ParamOutline[],
  given: Readonly<Record<string, unknown>>,
): string[] {
  return params
    .filter((p) => p.type === "secret" && Object.hasOwn(given, p.name))
    .map((p) => p.name);
}

/** What an input box for one param shows (VS Code's `InputBoxOptions`, without `vscode`). */
export interface ParamInputBox {
  prompt: string;
  placeHolder: string;
  /** What was typed last time; never for a secret. */
  value: string;
  /** A secret is typed into a password box: dots on screen. */
  password: boolean;
}

/**
 * The input box asking for `param`, offering `remembered` (the value typed
 * last time) unless it is a secret. `refused`: why the value the
 * environment gives a secret is not taken (see `runSecretsInEnvironment`),
 * said in its prompt.
 */
export function paramInputBox(
  param: ParamOutline,
  remembered: string | undefined,
  refused?: string,
): ParamInputBox {
  const type = param.type ?? "any";
  const secret = type === "secret";
  const environment = refused ? `; ${refused}` : `; or set ${secretParamVariable(param.name)}`;
  return {
    prompt: `param ${param.name}: ${type} (required: it has no default)${secret ? environment : ""}`,
    placeHolder: paramInputPlaceholder(param.type),
    value: secret ? "" : (remembered ?? ""),
    password: secret,
  };
}
