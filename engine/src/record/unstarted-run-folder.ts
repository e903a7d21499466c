import { rmdirSync, statSync, unlinkSync } from "node:fs";
import { runRecordPaths } from "./run-paths";

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
