/**
 * The error of a step whose undo failed: why the undo failed, then — for a
 * step that had failed itself (a half-done step, undone) — why it had. The
 * undo's error replaces the step's on its row, and when the run went on
 * after the step (`continue_on_error`) nothing else keeps why it failed.
 * The live run's result and the record's replay both say it so.
 */
export function rollbackFailedError(undoError: string, stepError?: string): string {
  const undo = `rollback failed: ${undoError}`;
  return stepError === undefined ? undo : `${undo}${HAD_FAILED}${stepError})`;
}

const HAD_FAILED = " (the step had failed: ";

/**
 * Whether a `rollback_failed` step's error says the step had failed itself
 * before its undo (as `rollbackFailedError` writes it): such a step never
 * ran to its end, and gave no output.
 */
export function stepHadFailed(rollbackFailedError: string | undefined): boolean {
  return rollbackFailedError?.includes(HAD_FAILED) === true;
}
