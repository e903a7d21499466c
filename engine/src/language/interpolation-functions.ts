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
import type { ParamType } from "../commands/command";
import { VALUE_FUNCTIONS } from "../runtime/value-functions";

/** An interpolation function: its one parameter, its meaning in words (for messages and hover) and what it computes. */
export interface InterpolationFunction {
  /** Its parameter as a signature shows it: `path` of type `path`, `value` of type `any`. */
  readonly parameter: { readonly name: string; readonly type: ParamType };
  /** What kind of function hover and completion call it: `path function`. */
  readonly kind: string;
  readonly description: string;
  /**
   * The text it gives for a value of its parameter's type (checked before).
   * For a value holding a reference kept for the record (an environment
   * value, a secret), an undo recipe keeps the call (`{"$fn": …}`, see
   * recipe-reference.ts) and applies it when the undo runs.
   */
  apply(value: unknown): string;
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
      apply: VALUE_FUNCTIONS.basename!,
    },
  ],
  [
    "stem",
    {
      parameter: PATH,
      kind: "path function",
      description: 'the last part of a path without its extension: stem("data/a.csv") is "a"',
      apply: VALUE_FUNCTIONS.stem!,
    },
  ],
  [
    "dirname",
    {
      parameter: PATH,
      kind: "path function",
      description: 'the folder of a path: dirname("data/a.csv") is "data"',
      apply: VALUE_FUNCTIONS.dirname!,
    },
  ],
  [
    "json",
    {
      parameter: { name: "value", type: "any" },
      kind: "function",
      description:
        'a value as compact JSON text: json(["a", "b"]) is ["a","b"], json("a") is "a" with its quotes',
      apply: VALUE_FUNCTIONS.json!,
    },
  ],
]);
