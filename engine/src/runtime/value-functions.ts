import { stringifyExactly } from "./exact-number";
import { basename, dirname, extname } from "node:path/posix";

/**
 * What each interpolation function computes (`${basename(file)}`,
 * `${json(list)}`), by name: the language's table (language/
 * interpolation-functions.ts) applies them during the run, and an undo
 * recipe that kept a reference through one (`{"$fn": "basename", "of":
 * {"$ref": "env.FILE"}}`) applies it when `momoflow rollback` knows the value.
 */
export const VALUE_FUNCTIONS: Readonly<Record<string, (value: unknown) => string>> = {
  basename: (path) => basename(path as string),
  stem: (path) => basename(path as string, extname(path as string)),
  dirname: (path) => dirname(path as string),
  // A duration or size is already its number; `null` (a JSON output's) is `null`.
  json: (value) => stringifyExactly(value ?? null) ?? "null",
};

/**
 * `name`'s result for `value`.
 * @throws Error for a name no function has (a record written by another version).
 */
export function applyValueFunction(name: string, value: unknown): string {
  const fn = Object.hasOwn(VALUE_FUNCTIONS, name) ? VALUE_FUNCTIONS[name] : undefined;
  if (!fn) throw new Error(`the run record names an unknown function \`${name}\``);
  return fn(value);
}
