import { rmSync } from "node:fs";
import { join } from "node:path";
import type { CommandInvocation } from "../command";
import { createBackupFolder } from "./backup-folder";
import { explainDiskFull } from "./disk-full";
import { explainStopped } from "./file-work-stop";
import { copyFileStoppably } from "./stoppable-copy";

/**
 * Copies `file` into a new backup folder of the invocation and returns the
 * copy's path (a clone where the file system can; mode bits kept). A copy that
 * fails (disk full), or that the step's stop gives up part-way (a large file,
 * see {@link copyFileStoppably}), is removed with its folder, so only complete
 * backups exist.
 *
 * @throws Error saying the disk is full, or the step was stopped, naming `file`.
 */
export async function backUpFile(
  invocation: CommandInvocation,
  command: string,
  file: string,
): Promise<string> {
  let folder: string | undefined;
  try {
    folder = createBackupFolder(invocation, command);
    const backup = join(folder, "previous");
    await copyFileStoppably(file, backup, invocation.signal);
    return backup;
  } catch (error) {
    if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
    const doing = `${command}: cannot back up "${file}" into ${invocation.backupDir}`;
    throw explainStopped(
      explainDiskFull(error, doing, "nothing was changed"),
      doing,
      "nothing was changed",
    );
  }
}
