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
