import { isExactNumber, stringifyExactly } from "../runtime/exact-number";

/**
 * What the run record keeps of a value JSON cannot hold. A step's output and
 * rollback data are the user's values: a BigInt or a circular reference makes
 * `JSON.stringify` throw, and a throw while the record is written would end
 * the run with its done steps left undone. The record keeps JSON, as it
 * always did (a `Map` is `{}` there, a `Date` a string): a BigInt is kept as
 * its digits and `n` (`"10n"`), a reference back into itself as
 * `"[circular]"`, and what lies deeper than {@link MAX_RECORDED_DEPTH} levels
 * (JSON.stringify recurses, and a step's JSON output may nest thousands of
 * levels deep) as `"[nested deeper than 1000 levels]"`. The live run keeps
 * the values themselves.
 */

/** How many levels of objects and arrays the record keeps: far within the stack JSON.stringify needs. */
export const MAX_RECORDED_DEPTH = 1000;

const TOO_DEEP = `[nested deeper than ${MAX_RECORDED_DEPTH} levels]`;

/** `JSON.stringify(value, null, space)`, with the stand-ins above where it would throw. */
export function stringifyForRecord(value: unknown, space?: number): string {
  try {
    return stringifyExactly(value, space) as string;
  } catch {
    return stringifyExactly(withStandIns(value), space) as string;
  }
}

/** A copy of `value` as JSON can hold it: BigInts, circular references and depth past the limit replaced (see above). */
export function withStandIns(value: unknown): unknown {
  return copy(value, new Set(), 0);
}

function copy(value: unknown, ancestors: Set<object>, depth: number): unknown {
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value !== "object" || value === null || isExactNumber(value)) return value;
  if (ancestors.has(value)) return "[circular]";
  // An object with its own toJSON (a Date, a result) says what it is as JSON.
  const own = value as { toJSON?: () => unknown };
  if (typeof own.toJSON === "function") return copy(own.toJSON(), ancestors, depth);
  if (depth === MAX_RECORDED_DEPTH) return TOO_DEEP;
  ancestors.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => copy(item, ancestors, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = copy(item, ancestors, depth + 1);
    return out;
  } finally {
    ancestors.delete(value);
  }
}

/**
 * `value` itself when JSON can hold it, else its copy with stand-ins: what a
 * run's `toJSON()` gives as a step's output, so that `JSON.stringify(result)`
 * says what `result.json` says instead of throwing.
 */
export function recordableValue(value: unknown): unknown {
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value !== "object" || value === null) return value;
  try {
    JSON.stringify(value);
    return value;
  } catch {
    return withStandIns(value);
  }
}
