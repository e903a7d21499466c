import type { Expression, Range } from "../language/ast";
import type { CheckResult } from "../language/scope";

/** Param types whose value cannot be "" (`--param where=` is refused for them too). */
const NOT_EMPTY = new Set(["path", "secret"]);

/** `env.NAME is empty (the environment variable NAME is not set)`, or undefined when `expr` is no `env.NAME` giving "". */
function emptyVariable(expr: Expression | undefined): string | undefined {
  if (expr?.kind !== "ref" || expr.segments.length !== 2 || expr.segments[0]!.text !== "env")
    return undefined;
  const name = expr.segments[1]!.text;
  const value = process.env[name];
  if (value !== undefined && value !== "") return undefined;
  const state = value === undefined ? "not set" : "set empty";
  return `env.${name} is empty (the environment variable ${name} is ${state})`;
}

/**
 * Why a test's `files:` named no fixture: "" would name the test file's own
 * folder. Only `env.NAME` (or a string interpolating it) can give "", an
 * empty literal being MF007.
 */
export function emptyFixtureMessage(files: Expression): string {
  const variable = emptyVariable(files);
  return variable
    ? `files: ${variable}: name a folder or a file`
    : `files: is empty: name a folder or a file`;
}

/**
 * The first entry of a test's `params:` that gives a `path` or a `secret`
 * param `env.NAME` with NAME not set (or set empty): "" is no path, and no
 * secret, where the checker can only see the reference. Undefined when there is none.
 */
export function emptyParamFromEnv(
  params: Expression | undefined,
  check: CheckResult,
  workflow: string,
): { message: string; range: Range } | undefined {
  const decl = check.scope.workflows.get(workflow)?.decl;
  if (params?.kind !== "map" || !decl) return undefined;
  for (const entry of params.entries) {
    const type = decl.params.find((p) => p.name.text === entry.key.text)?.type?.name.text;
    if (type === undefined || !NOT_EMPTY.has(type)) continue;
    const variable = emptyVariable(entry.value);
    if (variable)
      return {
        message: `params: ${entry.key.text}: ${variable}: a ${type} param cannot be empty`,
        range: entry.value!.range,
      };
  }
  return undefined;
}
