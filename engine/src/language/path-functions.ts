/**
 * The functions an interpolation may apply to one value: `${basename(file)}`.
 * They take a path (any text) and give a part of it, as POSIX `basename` and
 * `dirname` do — what a fan-out step needs to name what it makes from each
 * item (`out/${stem(file)}.json`). Kept to these few so the language stays a
 * language of references, not of expressions.
 */
import { basename, dirname, extname } from "node:path/posix";

/** A path function: its meaning in words (for messages and hover) and what it computes. */
export interface PathFunction {
  readonly description: string;
  apply(path: string): string;
}

/** The path functions by name. */
export const PATH_FUNCTIONS: ReadonlyMap<string, PathFunction> = new Map([
  [
    "basename",
    {
      description: 'the last part of a path: basename("data/a.csv") is "a.csv"',
      apply: (path: string) => basename(path),
    },
  ],
  [
    "stem",
    {
      description: 'the last part of a path without its extension: stem("data/a.csv") is "a"',
      apply: (path: string) => basename(path, extname(path)),
    },
  ],
  [
    "dirname",
    {
      description: 'the folder of a path: dirname("data/a.csv") is "data"',
      apply: (path: string) => dirname(path),
    },
  ],
]);
