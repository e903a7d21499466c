import { readFileSync } from "node:fs";
import {
  JournalReplay,
  readJournal,
  runRecordPaths,
  stepsUndoParamReferences,
} from "@momoflow/record";

/**
 * How an undo's reference (to a param: `{"$ref":"param.key"}`) starts in the
 * journal: a journal without one needs no replay.
 */
const REFERENCE = Buffer.from('"$ref"');

/**
 * The secret params that a rollback of the run recorded in `runDir` must be given, as the undos of
 * its steps left to undo read them (`{"$ref": "param.NAME"}`; the record
 * keeps no value): the workflow's own (`key`) and those of the workflows it
 * called, under their names in the call (`release/key`, `deploy[0]/key`).
 * Empty when the record cannot be read (the CLI then says what is wrong).
 */
export function undoSecretsOf(runDir: string): string[] {
  try {
    const path = runRecordPaths(runDir).journal;
    // Most runs' undos read no param: a scan of the bytes spares the extension host, which waits
    // for it, a replay of the whole journal (100,000 steps: a tenth of a second against over one).
    if (readFileSync(path).indexOf(REFERENCE) < 0) return [];
    const replay = JournalReplay.of(readJournal(path).events);
    return stepsUndoParamReferences(replay.undoPlan().toUndo);
  } catch {
    return [];
  }
}
