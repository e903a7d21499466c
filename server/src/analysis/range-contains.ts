/** Whether a position is inside a range, its ends included (where a cursor just after a word still hovers it). */
import type { Position, Range } from "@momoflow/language";

/** `at` is within `range`, its start and end included. */
export function contains(range: Range, at: Position): boolean {
  const afterStart =
    at.line > range.start.line ||
    (at.line === range.start.line && at.character >= range.start.character);
  const beforeEnd =
    at.line < range.end.line || (at.line === range.end.line && at.character <= range.end.character);
  return afterStart && beforeEnd;
}
