import { fitParamValue } from "../../commands/command-arguments";
import type { Range } from "../ast";
import { CompileError } from "./compile-error";
import { isTypeName } from "../check/value-type";
import { parseParamText } from "./param-values";

/**
 * An argument only known during the run (a step's output, an `any` param)
 * fitted to the type its parameter declares — the checker types the others
 * (MF007). Text, as a step's plain output is, is read as `--param` reads it:
 * "3" for an `int` is 3. Undefined when the parameter declares no type to
 * hold it to.
 */
export function fitRunTimeArgument(
  type: string | undefined,
  value: unknown,
): { value: unknown } | { problem: string } | undefined {
  if (!type || !isTypeName(type)) return undefined;
  const fitted = fitParamValue(type, value);
  if ("value" in fitted || typeof value !== "string") return fitted;
  try {
    return { value: parseParamText(value, type) };
  } catch {
    // Not text of that type either: the first problem says what was expected.
    return fitted;
  }
}

/**
 * {@link fitRunTimeArgument}, for an argument of `owner` (``workflow `sub` ``,
 * ``command `say` ``): the fitted value, or the value as it was when its
 * parameter declares no type.
 *
 * @throws CompileError at `range` when the value does not fit, naming the
 *   argument and its declared type.
 */
export function fittedArgument(
  owner: string,
  name: string,
  type: string | undefined,
  value: unknown,
  at: { path: string; range: Range },
): unknown {
  const fitted = fitRunTimeArgument(type, value);
  if (fitted === undefined) return value;
  if ("value" in fitted) return fitted.value;
  throw new CompileError(
    `argument "${name}" of ${owner} ${fitted.problem} (declared \`${name}: ${type!}\`)`,
    at.path,
    at.range,
  );
}
