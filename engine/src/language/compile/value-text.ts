import { stringifyExactly } from "../../runtime/exact-number";

/**
 * The text a value stands for inside a string (not a shell script): lists are
 * joined with spaces, maps written as JSON, durations and sizes as numbers, a
 * number kept as written (an `ExactNumber`) as its literal.
 */
export function valueText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(valueText).join(" ");
  if (typeof value === "object") return stringifyExactly(value) ?? "";
  return String(value);
}
