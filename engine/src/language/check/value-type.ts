import type { ParamType } from "../../commands/command";
import { PARAM_TYPES } from "../../commands/command-arguments";

/**
 * The type of a value as the checker knows it: one of the parameter types of
 * language.md §3. `any` also stands for "not known statically" (a step's
 * output, a reference that could not be resolved), which fits everywhere.
 */
export type ValueType = ParamType;

const PARAM_TYPE_SET: ReadonlySet<string> = new Set(PARAM_TYPES);

/** Every type name a `param` may declare, in the order of language.md §3. */
export const TYPE_NAMES: readonly string[] = PARAM_TYPES;

/** True when `name` is a type a parameter may declare. */
export function isTypeName(name: string): name is ValueType {
  return PARAM_TYPE_SET.has(name);
}

/** Whether a value of type `actual` may go where `expected` is required. */
export function isAssignable(expected: ValueType, actual: ValueType): boolean {
  if (expected === actual || expected === "any" || actual === "any") return true;
  switch (expected) {
    case "number":
      return actual === "int";
    // A path is text: a string goes where a path is expected, and the other way round.
    case "path":
      return actual === "string";
    // A secret is text too; it is masked wherever it is written, not kept out of strings.
    case "string":
      return actual === "path" || actual === "secret";
    case "secret":
      return actual === "string";
    default:
      return false;
  }
}

const PHRASES: Readonly<Record<ValueType, string>> = {
  string: "a string",
  int: "an int (a whole number)",
  number: "a number",
  bool: "a bool (true or false)",
  duration: "a duration like 30s",
  size: "a size like 10MB",
  path: "a path",
  list: "a list",
  map: "a map",
  any: "a value",
  secret: "a secret (text)",
};

/** How a message names a type: `a duration like 30s`. */
export function describeType(type: ValueType): string {
  return PHRASES[type];
}
