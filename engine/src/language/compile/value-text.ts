/**
 * The text a value stands for inside a string (not a shell script): lists are
 * joined with spaces, maps written as JSON, durations and sizes as numbers.
 */
export function valueText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(valueText).join(" ");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}
