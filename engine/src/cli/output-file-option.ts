import { accessSync, constants, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { UsageError } from "./usage-error";

/**
 * The absolute path of a file an option names for a report written at the
 * end of a long command (`bench --out`), once it is known that it can be
 * written: checked before the work starts, not found out after it.
 *
 * @throws UsageError (exit 2) naming the option, the path and the reason.
 */
export function writableOutputFile(option: string, given: string): string {
  const fail = (reason: string): never => {
    throw new UsageError(`${option} ${given}: ${reason}`);
  };
  if (given.trim() === "") fail("expected a file, got an empty value");
  const path = resolve(given);
  const folder = dirname(path);
  const folderStats = statSync(folder, { throwIfNoEntry: false });
  if (!folderStats) fail(`there is no folder ${folder}`);
  if (!folderStats!.isDirectory()) fail(`${folder} is not a folder`);
  const fileStats = statSync(path, { throwIfNoEntry: false });
  if (fileStats?.isDirectory()) fail("it is a folder, not a file");
  // Written beside it and renamed over it, as a report is, a file its owner
  // made read-only would be replaced all the same (also by root, whom modes
  // do not stop): as `momoflow fmt` does, it is left alone.
  if (fileStats && (fileStats.mode & 0o222) === 0)
    fail("the file is read-only (no one may write it): not replaced");
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    fail(`the folder ${folder} cannot be written`);
  }
  return path;
}
