/**
 * The functions an interpolation may apply to one value: `${basename(file)}`,
 * `${json(steps.push.outputs)}`. The path functions take a path (any text)
 * and give a part of it, as POSIX `basename` and `dirname` do — what a
 * fan-out step needs to name what it makes from each item
 * (`out/${stem(file)}.json`); `json` writes any value as JSON text, for
 * hand-written JSON (a list would otherwise be joined by spaces). Kept to
 * these few so the language stays a language of references, not of
 * expressions.
 */
import { basename, dirname, extname } from "node:path/posix";
import type { ParamType } from "../commands/command";
import { recipeJson } from "../runtime/recipe-reference";

/** An interpolation function: its one parameter, its meaning in words (for messages and hover) and what it computes. */
export interface InterpolationFunction {
  /** Its parameter as a signature shows it: `path` of type `path`, `value` of type `any`. */
  readonly parameter: { readonly name: string; readonly type: ParamType };
  /** What kind of function hover and completion call it: `path function`. */
  readonly kind: string;
  readonly description: string;
  /** The text it gives for a value of its parameter's type (checked before). */
  apply(value: unknown): string;
  /**
   * What it gives in an undo recipe for a value holding a reference kept for
   * the record (an environment value, a secret), resolved when the undo runs;
   * without it such a value is refused.
   */
  recipe?(value: unknown): unknown;
}

const PATH = { name: "path", type: "path" } as const;

/** The interpolation functions by name. */
export const INTERPOLATION_FUNCTIONS: ReadonlyMap<string, InterpolationFunction> = new Map([
  [
    "basename",
    {
      parameter: PATH,
      kind: "path function",
      description: 'the last part of a path: basename("data/a.csv") is "a.csv"',
      apply: (path: unknown) => basename(path as string),
    },
  ],
  [
    "stem",
    {
      parameter: PATH,
      kind: "path function",
      description: 'the last part of a path without its extension: stem("data/a.csv") is "a"',
      apply: (path: unknown) => basename(path as string, extname(path as string)),
    },
  ],
  [
    "dirname",
    {
      parameter: PATH,
      kind: "path function",
      description: 'the folder of a path: dirname("data/a.csv") is "data"',
      apply: (path: unknown) => dirname(path as string),
    },
  ],
  [
    "json",
    {
      parameter: { name: "value", type: "any" },
      kind: "function",
      description:
        'a value as compact JSON text: json(["a", "b"]) is ["a","b"], json("a") is "a" with its quotes',
      // A duration or size is already its number; `null` (a JSON output's) is `null`.
      apply: (value: unknown) => JSON.stringify(value ?? null),
      recipe: recipeJson,
    },
  ],
]);
