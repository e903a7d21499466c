import { parseInstanceId } from "./fan-out";

/**
 * Why a step's undo cannot run: its `rollback` reads the step's own output
 * (`steps.make.output`), and the step never gave one. The live run and the
 * rollback from the record both say it this way, naming the reference as
 * written in the workflow.
 *
 * @param stepId the step's id as the run knows it: `make`, an instance
 *   `make[2]`, or a called workflow's step `release/make[0]` — each reads
 *   its own output as `steps.make.output`.
 */
export function ownOutputNeverRecorded(stepId: string): Error {
  return new Error(
    `its rollback reads its own output (steps.${writtenName(stepId)}.output), which was never recorded`,
  );
}

/** The name a step is written under: the last part of a called workflow's path, without an instance's index. */
function writtenName(stepId: string): string {
  const own = stepId.slice(stepId.lastIndexOf("/") + 1);
  return parseInstanceId(own)?.stepId ?? own;
}

/** What a rollback from the record knows of a step whose undo reads its own output, which was never recorded. */
export interface OwnOutputByHand {
  /** Why there is no output: the run ended before the step did, or the step ended without one. */
  why: string;
  /** The step's log (an absolute path), or undefined when it printed nothing. */
  log: string | undefined;
  /** Its `rollback` as written (`"rm -rf ${steps.mk.output}"`), when the workflow's file still says. */
  rollback: string | undefined;
  /** Where the step ran: where its rollback runs. */
  workdir: string;
}

/**
 * {@link ownOutputNeverRecorded}, with what to do by hand: a rollback from the
 * record knows where the step's log is and where it ran. Nothing is guessed
 * from the log: it holds what the step printed before it stopped, which may
 * be only part of its output — `rm -rf` of half a path is worse than no undo.
 */
export function ownOutputNeverRecordedByHand(stepId: string, known: OwnOutputByHand): Error {
  const reference = `\${steps.${writtenName(stepId)}.output}`;
  const rollback =
    known.rollback === undefined
      ? "its rollback (as the workflow file says it)"
      : `its rollback, ${known.rollback},`;
  const what =
    known.log === undefined
      ? `it printed nothing before (it has no log), so there is no output to go by: check by hand what it did, in ${known.workdir}`
      : `what it printed before is in its log, ${known.log} — perhaps only part of its output, so nothing was guessed from it. To undo the step, check that log, then run ${rollback} by hand with that output in place of ${reference}, in ${known.workdir}`;
  return new Error(`${ownOutputNeverRecorded(stepId).message} (${known.why}); ${what}`);
}
