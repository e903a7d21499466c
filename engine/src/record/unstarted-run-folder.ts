import { existsSync, rmdirSync, statSync, unlinkSync } from "node:fs";
import { unstartedJournal } from "./journal-reader";
import { runRecordPaths } from "./run-paths";

/**
 * Why `runDir` names no run, when it does not: it holds no journal, or an
 * empty one — a run that never started (its journal's first line could not
 * be written), or a folder an earlier version left, which made the folder
 * first — or one cut within its first line (see `unstartedJournal`).
 * Undefined when its journal has more in it (a first line damaged otherwise
 * is the replay's to report: a run may have started there). Such a
 * folder has nothing to undo or resume; listings skip it (`listRuns`).
 */
export function unstartedRunFolderReason(runDir: string): string | undefined {
  const journal = runRecordPaths(runDir).journal;
  if (!existsSync(journal))
    return "it holds no run journal (a run that never started, or a folder an earlier version left): it names no run";
  const unstarted = unstartedJournal(journal);
  if (unstarted === "empty")
    return "its run journal is empty (a run that never started, or a folder an earlier version left): it names no run";
  if (unstarted === "cut")
    return "its run journal holds only the beginning of its first line, cut off as it was written (a run stopped as it started, before any step): it names no run";
  return undefined;
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
