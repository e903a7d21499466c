import { constants, copyFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { CommandInvocation } from "../command";
import { createBackupFolder } from "./backup-folder";
import { explainDiskFull } from "./disk-full";

/**
 * Copies `file` into a new backup folder of the invocation and returns the
 * copy's path (a clone where the file system can; mode bits kept). A copy that
 * fails (disk full) is removed with its folder, so only complete backups exist.
 *
 * @throws Error saying the disk is full and naming `file`, when it is.
 */
export function backUpFile(invocation: CommandInvocation, command: string, file: string): string {
  let folder: string | undefined;
  try {
    folder = createBackupFolder(invocation, command);
    const backup = join(folder, "previous");
    copyFileSync(file, backup, constants.COPYFILE_FICLONE);
    return backup;
  } catch (error) {
    if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
    throw explainDiskFull(
      error,
      `${command}: cannot back up "${file}" into ${invocation.backupDir}`,
      "nothing was changed",
    );
  }
}
