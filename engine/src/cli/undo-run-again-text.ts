import type { UndoRunAgain } from "../runtime/rollback-undos-run-again";
import { clockTime } from "./clock-time";

/**
 * How the CLI says an undo was run again from its start, an earlier
 * rollback having stopped it part-way — an undo that is not safe to repeat
 * (`echo undo >> ops.log`) has then run twice, and the user should know.
 * One wording for the rollback that ran it again and for `momoflow runs
 * <run>` afterwards:
 * `mk: its undo was started by the rollback at 21:40:03 and did not finish
 * (that rollback was killed); it was run again from its start`.
 */
export function undoRunAgainLine(u: UndoRunAgain): string {
  const rollback = `${u.by === "run" ? "the run's rollback" : "the rollback"} at ${clockTime(Date.parse(u.startedAt))}`;
  const how =
    u.how === "killed"
      ? `was started by ${rollback} and did not finish (that rollback was killed)`
      : `was given up by ${rollback} and did not finish`;
  return `${u.stepId}: its undo ${how}; it was run again from its start`;
}

/**
 * The undos run again that a `result.json` read back holds (its
 * `undosRunAgain`), leaving out entries of another shape: the file is read
 * as it is, and a hand-edited one must not make `momoflow runs` fail.
 */
export function recordedUndosRunAgain(value: unknown): UndoRunAgain[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (u: unknown): u is UndoRunAgain =>
      typeof u === "object" &&
      u !== null &&
      typeof (u as UndoRunAgain).stepId === "string" &&
      ((u as UndoRunAgain).by === "run" || (u as UndoRunAgain).by === "rollback") &&
      typeof (u as UndoRunAgain).startedAt === "string" &&
      ((u as UndoRunAgain).how === "killed" || (u as UndoRunAgain).how === "given_up"),
  );
}
