import {
  JournalReplay,
  readJournal,
  runRecordPaths,
  stepsUndoParamReferences,
} from "@momoflow/record";

/**
 * The secret params that a rollback of the run recorded in `runDir` must be given, as the undos of
 * its steps left to undo read them (`{"$ref": "param.NAME"}`; the record
 * keeps no value): the workflow's own (`key`) and those of the workflows it
 * called, under their names in the call (`release/key`, `deploy[0]/key`).
 * Empty when the record cannot be read (the CLI then says what is wrong).
 */
export function undoSecretsOf(runDir: string): string[] {
  try {
    const replay = JournalReplay.of(readJournal(runRecordPaths(runDir).journal).events);
    return stepsUndoParamReferences(replay.undoPlan().toUndo);
  } catch {
    return [];
  }
}
