import type { UndoRunAgain } from "../runtime/rollback-undos-run-again";
import { clockTime } from "../units/clock-time";

/**
 * How an undo run from its start again is said (the CLI, the editor's History), an earlier
 * rollback having stopped it part-way — an undo that is not safe to repeat
 * (`echo undo >> ops.log`) may then have run twice, and the user should
 * know. One wording for the rollback that ran it and for `momoflow runs
 * <run>` afterwards.
 *
 * A rollback killed at a step's undo may have been running it, or only
 * about to (stopping what the step left running, just before): the record
 * keeps no line per undo, so it cannot tell, and the words hold either way —
 * `mk: the rollback at 21:40:03 was killed at its undo (while the undo ran,
 * or just before it started), so the undo may have run in part; it was run
 * from its start now`. An undo given up was running: `mk: its undo was given
 * up by the rollback at 21:40:03 and did not finish; it was run again from
 * its start`.
 *
 * On workers, the undo a rollback sent goes on there when that rollback is
 * killed, and the next one finds it finished (`finishedOn`): it was not run
 * again, and the line says what happened there — `mk: the rollback at
 * 21:40:03 was killed at its undo; on worker w1 that undo went on and
 * finished, so it was not run again`.
 */
export function undoRunAgainLine(u: UndoRunAgain): string {
  const rollback = `${u.by === "run" ? "the run's rollback" : "the rollback"} at ${clockTime(Date.parse(u.startedAt))}`;
  if (u.finishedOn !== undefined) {
    const on = `on ${u.finishedOn.length === 1 ? "worker" : "workers"} ${u.finishedOn.join(", ")}`;
    return u.how === "killed"
      ? `${u.stepId}: ${rollback} was killed at its undo; ${on} that undo went on and finished, so it was not run again`
      : `${u.stepId}: its undo was given up by ${rollback}, but ${on} it went on and finished, so it was not run again`;
  }
  return u.how === "killed"
    ? `${u.stepId}: ${rollback} was killed at its undo (while the undo ran, or just before it started), so the undo may have run in part; it was run from its start now`
    : `${u.stepId}: its undo was given up by ${rollback} and did not finish; it was run again from its start`;
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
      ((u as UndoRunAgain).how === "killed" || (u as UndoRunAgain).how === "given_up") &&
      isWorkerList((u as UndoRunAgain).finishedOn),
  );
}

/** Whether `value` is absent or a list of worker names (`UndoRunAgain.finishedOn`). */
function isWorkerList(value: unknown): boolean {
  return value === undefined || (Array.isArray(value) && value.every((w) => typeof w === "string"));
}
