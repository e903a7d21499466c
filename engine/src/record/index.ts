/**
 * Reading a run's record (architecture: the run record): where its files
 * are, its result file, the runs of a workflow, its journal and what the
 * journal replays to, and whether the process that wrote it still lives.
 * Imported as `@momoflow/record`.
 */
export * from "./run-paths";
export * from "./result-file";
export type { RecordedWorkflow } from "./recorded-workflow";
export * from "./run-index";
export * from "./journal-event";
export * from "./journal-reader";
export { JournalReplay, type ReplayedStep, type UndoPlan } from "./journal-replay";
export { isProcessAlive, processStamp, type ProcessStamp } from "./process-liveness";
export { resumingRunOf } from "./resume-mark";
export { isMovedSourceRun } from "./moved-source-run";
export {
  readCheckedResultFile,
  resultFileProblem,
  type CheckedResult,
} from "./checked-result-file";
export { stepsUndoParamReferences } from "./undo-param-references";
export { summedUpStepIds, type SummingStep } from "./summed-up-steps";
export { runState, type RunState } from "./run-state";
// How the CLI says an undo run again (result.json's `undosRunAgain`): the editor's history says it in the same words.
export { recordedUndosRunAgain, undoRunAgainLine } from "./undo-run-again-text";
// And a step a rollback found undone already on its worker (result.json's `foundUndone`).
export { foundUndoneLine, recordedFoundUndone } from "./found-undone-text";
export {
  incompleteLogsLine,
  incompleteLogsSentence,
  recordedIncompleteLogs,
  recordedIncompleteLogsOn,
} from "./incomplete-logs-text";
export { undoParamReferencesLeft } from "./undo-param-references-left";
