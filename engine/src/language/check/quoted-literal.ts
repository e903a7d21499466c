import type { Expression, StringLiteral } from "../ast";
import { parseDuration, parseSize } from "../../units/quantity";
import type { DiagnosticData } from "../diagnostic";
import type { ValueType } from "./value-type";

/**
 * A literal written in quotes where the language takes it bare, as YAML
 * and JSON configurations quote one (`timeout: "5m"`, `retries: "3"`,
 * `continue_on_error: "true"`): what to write, and the quick fix that
 * writes it; undefined when the string is no such literal.
 */
export function quotedLiteral(
  expr: Expression,
  expected: ValueType,
): { hint: string; data: DiagnosticData } | undefined {
  if (expr.kind !== "string" || expr.triple) return undefined;
  const text = plainText(expr)?.trim();
  if (text === undefined || !fits(text, expected)) return undefined;
  return {
    hint: `: write \`${text}\` without quotes`,
    data: { suggestions: [text], replaceRange: expr.range },
  };
}

function fits(text: string, expected: ValueType): boolean {
  switch (expected) {
    case "duration":
      return parseDuration(text) !== undefined;
    case "size":
      return parseSize(text) !== undefined;
    case "int":
      return /^-?\d+$/.test(text);
    case "number":
      return /^-?\d+(\.\d+)?$/.test(text);
    case "bool":
      return text === "true" || text === "false";
    default:
      return false;
  }
}

/** The text of a string without interpolation; undefined when it has one. */
function plainText(expr: StringLiteral): string | undefined {
  let text = "";
  for (const part of expr.parts) {
    if (part.kind !== "text") return undefined;
    text += part.value;
  }
  return text;
}
