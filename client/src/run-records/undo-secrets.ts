import { runRecordPaths, undoParamReferencesLeft } from "@momoflow/record";

/**
 * The secret params that a rollback of the run recorded in `runDir` must be given, as the undos of
 * its steps left to undo read them (`{"$ref": "param.NAME"}`; the record
 * keeps no value): the workflow's own (`key`) and those of the workflows it
 * called, under their names in the call (`release/key`, `deploy[0]/key`).
 * Read off the extension host's main thread but for short slices: the
 * journal's bytes are searched, and only the lines of the steps whose undo
 * reads a param are parsed (see `undoParamReferencesLeft`).
 * Empty when the record cannot be read (the CLI then says what is wrong).
 */
export async function undoSecretsOf(runDir: string): Promise<string[]> {
  try {
    return await undoParamReferencesLeft(runRecordPaths(runDir).journal);
  } catch {
    return [];
  }
}
