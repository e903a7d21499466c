import { rmdirSync, statSync, unlinkSync } from "node:fs";
import { runRecordPaths } from "./run-paths";

/**
 * Why `runDir` names no run, when it does not: it holds no journal, or an
 * empty one — a run that never started (its journal's first line could not
 * be written), or a folder an earlier version left, which made the folder
 * first. Undefined when its journal has something in it (a damaged first
 * line is the replay's to report: a run may have started there). Such a
 * folder has nothing to undo or resume; listings skip it (`listRuns`).
 */
export function unstartedRunFolderReason(runDir: string): string | undefined {
  const size = statSync(runRecordPaths(runDir).journal, { throwIfNoEntry: false })?.size;
  if (size !== undefined && size > 0) return undefined;
  const what = size === undefined ? "it holds no run journal" : "its run journal is empty";
  return `${what} (a run that never started, or a folder an earlier version left): it names no run`;
}

/**
 * Removes the folder of a run whose journal's first line (`run_started`)
 * could not be written, so no run is left looking recorded: such a folder
 * names no run (run listings skip it), yet `momoflow rollback`, `--resume`
 * and the extension would meet it where they look for runs. Nothing ran, so
 * there is nothing a later rollback could need from it. Only an empty journal
 * in an otherwise empty folder is removed — whatever else is there is kept,
 * as is the folder then.
 *
 * @returns whether the folder is gone.
 */
export function removeUnstartedRunFolder(runDir: string): boolean {
  const { journal } = runRecordPaths(runDir);
  try {
    if (statSync(journal, { throwIfNoEntry: false })?.size === 0) unlinkSync(journal);
    rmdirSync(runDir);
    return true;
  } catch {
    // Not empty, or not removable: it stays, and the run's result names it.
    return false;
  }
}
