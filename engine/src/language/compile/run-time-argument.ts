import { fitParamValue } from "../../commands/command-arguments";
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
