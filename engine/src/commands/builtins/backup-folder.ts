import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import type { CommandInvocation } from "../command";
import { makeFolders } from "../../runtime/make-folders";

/**
 * A new folder of its own inside the invocation's backup folder (created on
 * demand). One per call, so a step's run, its retries and its explicit
 * rollback never overwrite each other's backups.
 */
export function createBackupFolder(invocation: CommandInvocation, command: string): string {
  makeFolders(invocation.backupDir);
  return mkdtempSync(join(invocation.backupDir, `${command}-`));
}
