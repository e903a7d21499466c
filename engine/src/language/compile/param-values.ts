import { parseDuration, parseSize } from "../../commands/duration-size";
import type { ParamType } from "../../commands/command";

/**
 * Turns a param given as text (`--param retries=3`) into a value of its
 * declared type, or says what was expected.
 *
 * @throws Error `expected an int (a whole number), got "abc"`.
 */
export function parseParamText(text: string, type: ParamType): unknown {
  const fail = (what: string): never => {
    throw new Error(`expected ${what}, got ${JSON.stringify(text)}`);
  };
  switch (type) {
    case "string":
    case "path":
      return text;
    case "int":
      return /^-?\d+$/.test(text.trim()) ? Number(text) : fail("an int (a whole number)");
    case "number": {
      const n = Number(text);
      return text.trim() !== "" && Number.isFinite(n) ? n : fail("a number");
    }
    case "bool":
      return text === "true" ? true : text === "false" ? false : fail("true or false");
    case "duration":
      return parseDuration(text) ?? fail("a duration like 250ms, 30s, 5m or 2h");
    case "size":
      return parseSize(text) ?? fail("a size like 512KB, 10MB or 1GB");
    case "list": {
      const parsed = tryJson(text);
      if (Array.isArray(parsed)) return parsed;
      return text === "" ? [] : text.split(",").map((s) => s.trim());
    }
    case "map": {
      const parsed = tryJson(text);
      return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)
        ? parsed
        : fail('a map as JSON, like {"a": 1}');
    }
    case "any": {
      const parsed = tryJson(text);
      return parsed === undefined ? text : parsed;
    }
  }
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
