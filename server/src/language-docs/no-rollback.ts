/**
 * `rollback: none` in the editor: what it means, in words (completion and
 * hover say the same), and where it is written in a file.
 */
import type { Position, Range, SourceFile } from "@momoflow/language";

/** One line for a completion item's detail. */
export const NO_ROLLBACK_DETAIL = "nothing to undo";

/** What `rollback: none` means, in Markdown. */
export const NO_ROLLBACK_DOC =
  "**Nothing to undo**: the step changes nothing outside the run (a query, a check, a notification). " +
  "A rollback after a failure leaves it out and can still be complete, as for `sleep`, `log` and `fail`. " +
  "On a command: a step calling it (without a `rollback` of its own) has nothing to undo.";

/** The range of the `none` of a `rollback: none` at `position` in `file`, if there is one there. */
export function noRollbackAt(file: SourceFile, position: Position): Range | undefined {
  const blocks = [
    ...(file.commands ?? []),
    ...(file.workflows ?? []).flatMap((workflow) => workflow?.steps ?? []),
  ];
  for (const block of blocks) {
    for (const property of block?.properties ?? []) {
      const value = property?.value;
      if (value?.kind === "none" && contains(value.range, position)) return value.range;
    }
  }
  return undefined;
}

function contains(range: Range, at: Position): boolean {
  const afterStart =
    at.line > range.start.line ||
    (at.line === range.start.line && at.character >= range.start.character);
  const beforeEnd =
    at.line < range.end.line || (at.line === range.end.line && at.character <= range.end.character);
  return afterStart && beforeEnd;
}
