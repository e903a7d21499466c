import { parseDuration, parseSize, partialBytes } from "../../units/quantity";
import type { ParamType } from "../../commands/command";
import { ExactNumber } from "../../runtime/exact-number";
import { inexactJsonNumber } from "./inexact-json-number";
import { parseJsonExactly } from "./exact-json";

/**
 * Turns a param given as text (`--param retries=3`) into a value of its
 * declared type, or says what was expected.
 *
 * An `int` must be a safe integer (at most 2^53 - 1 either way), a `size` a
 * whole number of bytes (`1.5KB`, not `1.3B`), a `path` must not be empty, and a list that starts like JSON (`[` or `{`) must be a
 * JSON array. A number that a JavaScript number would not hold as written (a
 * 64-bit id, `12345678901234567891`, or `1e400`) in a `number`, a list, a map
 * or `any` is kept as its text (an `ExactNumber`): it reaches the steps and
 * the record with its digits.
 *
 * @throws Error `expected an int (a whole number), got "abc"`.
 */
export function parseParamText(text: string, type: ParamType): unknown {
  const fail = (what: string, hint = ""): never => {
    throw new Error(`expected ${what}, got ${JSON.stringify(text)}${hint}`);
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
        : fail(
            `an int between -${MAX_INT} and ${MAX_INT} (2^53 - 1)`,
            ": a `number` param keeps a larger one's digits (a 64-bit id)",
          );
    }
    case "number": {
      // Decimal only: Number() would read "0x10" as 16, where an int or `any` refuses it.
      if (!DECIMAL.test(text)) return fail("a number");
      const literal = text.trim();
      // Kept as written when a double would change it (a 64-bit id, 1e400): its digits reach the steps.
      if (inexactJsonNumber(literal) !== undefined) return new ExactNumber(jsonLiteral(literal));
      const n = Number(text);
      return Number.isFinite(n) ? n : fail("a number");
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

/** `text` read as JSON, its numbers kept as written (exact-json.ts); undefined when it is not JSON. */
function tryJson(text: string): unknown {
  try {
    return parseJsonExactly(text);
  } catch {
    return undefined;
  }
}

/**
 * A `number` param's text as a JSON literal, which an `ExactNumber` holds:
 * `+5e30` is `5e30`, `.5…` is `0.5…`, `7.` is `7`.
 */
function jsonLiteral(text: string): string {
  return text
    .replace(/^\+/, "")
    .replace(/^(-?)\./, "$10.")
    .replace(/\.(?=$|[eE])/, "")
    .replace(/^(-?)0+(?=\d)/, "$1");
}
