import { constants, copyFileSync, existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import type { CommandInvocation } from "../command";
import { createBackupFolder } from "./backup-folder";
import { topmostMissingDirectory } from "./missing-ancestor";
import { expectRollbackData } from "./rollback-data";

/** Rollback data of a command that writes one file (`create_file`, `copy_file`, `write_json`). */
export interface FileWriteRollbackData {
  /** Absolute path of the file written. */
  path: string;
  /** A copy of the file as it was before, when it existed. */
  backup?: string;
  /** The topmost folder created to hold the file, when one was. */
  createdDir?: string;
}

/**
 * Makes writing `target` undoable, before anything changes: copies the file
 * as it is (when it exists) into a backup folder, remembers how to undo, and
 * creates the missing parent folders. The caller then writes the file.
 *
 * @throws Error when `target` is a folder (nothing has changed then).
 */
export function prepareFileWrite(
  command: string,
  target: string,
  invocation: CommandInvocation,
): FileWriteRollbackData {
  const existing = statSync(target, { throwIfNoEntry: false });
  if (existing?.isDirectory()) throw new Error(`${command}: "${target}" is a folder`);
  const data: FileWriteRollbackData = { path: target };
  if (existing) {
    const backup = join(createBackupFolder(invocation, command), "previous");
    // A clone where the file system can, a copy elsewhere; mode bits are kept.
    copyFileSync(target, backup, constants.COPYFILE_FICLONE);
    data.backup = backup;
  } else {
    const createdDir = topmostMissingDirectory(dirname(target));
    if (createdDir) data.createdDir = createdDir;
  }
  // Remembered before the first change: a run killed from here on can be undone.
  invocation.remember(data);
  if (data.createdDir) mkdirSync(dirname(target), { recursive: true });
  return data;
}

/**
 * Undoes a file write: puts the previous content back, or removes the file
 * and the folders created for it. Safe to run when the write never happened
 * (the run was killed first) and safe to run twice.
 */
export function undoFileWrite(command: string, rollbackData: unknown): void {
  if (rollbackData === undefined || rollbackData === null) return;
  const data = expectRollbackData<FileWriteRollbackData>(command, rollbackData);
  if (data.backup !== undefined) {
    if (!existsSync(data.backup)) {
      throw new Error(`${command}: the backup of "${data.path}" is missing (${data.backup})`);
    }
    mkdirSync(dirname(data.path), { recursive: true });
    copyFileSync(data.backup, data.path);
    return;
  }
  rmSync(data.path, { force: true });
  if (data.createdDir !== undefined) rmSync(data.createdDir, { recursive: true, force: true });
}
