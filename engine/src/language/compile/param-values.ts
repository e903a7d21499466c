import { parseDuration, parseSize, partialBytes } from "../../units/quantity";
import type { ParamType } from "../../commands/command";
import { inexactJsonNumber, inexactNumberWords } from "./inexact-json-number";

/**
 * Turns a param given as text (`--param retries=3`) into a value of its
 * declared type, or says what was expected.
 *
 * An `int` must be a safe integer (at most 2^53 - 1 either way), a `size` a
 * whole number of bytes (`1.5KB`, not `1.3B`), a `path` must not be empty, and a list that starts like JSON (`[` or `{`) must be a
 * JSON array. A number that would not keep its digits (a 64-bit id,
 * `12345678901234567891`, or `1e400`) is refused rather than rounded.
 *
 * @throws Error `expected an int (a whole number), got "abc"`.
 */
export function parseParamText(text: string, type: ParamType): unknown {
  const fail = (what: string): never => {
    throw new Error(`expected ${what}, got ${JSON.stringify(text)}`);
  };
  switch (type) {
    case "string":
    case "secret":
      return text;
    case "path":
      // As in the file, where an empty path is MF007: no action can use it.
      return text === "" ? fail("a path (a non-empty string)") : text;
    case "int": {
      if (!/^-?\d+$/.test(text.trim())) return fail("an int (a whole number)");
      const n = Number(text);
      // Beyond 2^53 a number silently becomes a different whole number.
      return Number.isSafeInteger(n)
        ? n
        : fail(`an int between -${MAX_INT} and ${MAX_INT} (2^53 - 1)`);
    }
    case "number": {
      // Decimal only: Number() would read "0x10" as 16, where an int or `any` refuses it.
      const n = Number(text);
      if (!DECIMAL.test(text) || !Number.isFinite(n)) return fail("a number");
      return exactly(text.trim(), n, () => "declare the param a string to keep its digits");
    }
    case "bool":
      return text === "true" ? true : text === "false" ? false : fail("true or false");
    case "duration":
      return parseDuration(text) ?? fail("a duration like 250ms, 30s, 5m or 2h");
    case "size": {
      // As in the file (MF007): `1.3B` is not silently rounded to 1 byte.
      const partial = partialBytes(text);
      if (partial !== undefined)
        throw new Error(
          `expected a whole number of bytes, got ${JSON.stringify(text)} (${partial} bytes)`,
        );
      return parseSize(text) ?? fail("a size like 512KB, 10MB or 1GB");
    }
    case "list": {
      // Text that looks like JSON must be a JSON array: `[1,2` is a typo, not the items "[1" and "2".
      if (/^\s*[[{]/.test(text)) {
        const parsed = tryJson(text);
        return Array.isArray(parsed)
          ? shallowEnough(parsed)
          : fail('a list: a JSON array like ["a", "b"], or comma-separated values');
      }
      return text === "" ? [] : text.split(",").map((s) => s.trim());
    }
    case "map": {
      const parsed = tryJson(text);
      return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)
        ? shallowEnough(parsed)
        : fail('a map as JSON, like {"a": 1}');
    }
    case "any": {
      const parsed = tryJson(text);
      return parsed === undefined ? text : shallowEnough(parsed);
    }
  }
}

const MAX_INT = Number.MAX_SAFE_INTEGER;

/** A decimal number, maybe with a fraction and an exponent: `2.5`, `-3`, `1e3`, `.5`. */
const DECIMAL = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

/** As deep as values may nest in a `.momoflow` file (the parser's limit). */
const MAX_NESTING = 64;

/**
 * `value` when it nests at most {@link MAX_NESTING} deep: a deeper one, read
 * recursively later on (interpolation, the record), would overflow the stack.
 *
 * @throws Error `expected a value nested at most 64 deep, …, got one nested 20000 deep`.
 */
function shallowEnough<T>(value: T): T {
  // Level by level, not recursively: the value may be deeper than the stack.
  let depth = 0;
  let level: unknown[] = [value];
  for (;;) {
    const containers = level.filter((item) => item !== null && typeof item === "object");
    if (containers.length === 0) break;
    depth++;
    level = containers.flatMap((item) => Object.values(item as object));
  }
  if (depth <= MAX_NESTING) return value;
  throw new Error(
    `expected a value nested at most ${MAX_NESTING} deep, as in a .momoflow file, got one nested ${depth} deep`,
  );
}

/** `text` read as JSON, undefined when it is not; a number in it that would be rounded is refused. */
function tryJson(text: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
  return exactly(text, parsed, (literal) => `give it as a string ("${literal}")`);
}

/**
 * `value`, read from `text`, when every number of `text` reads back as
 * written: a rounded id would reach the steps (and their rollbacks) as another.
 *
 * @throws Error `"[12345678901234567891]" has the number 12345678901234567891, past what a number holds exactly (…)`.
 */
function exactly<T>(text: string, value: T, remedy: (literal: string) => string): T {
  const found = inexactJsonNumber(text);
  if (found === undefined) return value;
  throw new Error(`${JSON.stringify(text)} ${inexactNumberWords(found, remedy(found.literal))}`);
}
