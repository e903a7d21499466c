import { constants, copyFileSync, existsSync, lstatSync, rmSync, type Stats } from "node:fs";
import { dirname } from "node:path";
import type { CommandInvocation } from "../command";
import {
  asFingerprint,
  type ContentFingerprint,
  fileHasFingerprint,
  sameFileContentStoppably,
} from "./content-fingerprint";
import { asFolderList, foldersFromTopmost, removeCreatedFolders } from "./created-folders";
import { explainRestoreFailure, explainStopped, untilStopped } from "./file-work-stop";
import { rm } from "node:fs/promises";
import { expectRollbackData } from "./rollback-data";
import { copiesInOneCall, copyFileStoppably } from "./stoppable-copy";
import { replaceThroughTemp, replaceThroughTempStoppably, tempPathBeside } from "./temp-file-write";
import { makeFolders } from "../../runtime/make-folders";

/** The doc lines that say how a file written by `create_file` or `write_json` is undone, and what the step gives. */
export const FILE_WRITE_UNDO_DOC: readonly string[] = [
  "**Undo:** the previous file is backed up with the run, and put back; a file that",
  "did not exist is removed, then the folders created for it, deepest first, each only",
  "when empty. A file changed since the step wrote it is left, and the undo fails",
  "naming it (`momoflow rollback --force` replaces it).",
  "",
  "**Output:** the absolute path of the file.",
];

/**
 * Rollback data of a command that writes one file (`create_file`, `copy_file`,
 * `write_json`), remembered before the file changes.
 */
export interface FileWriteRollbackData {
  /** Absolute path of the file written (symbolic links followed). */
  path: string;
  /**
   * Fingerprint of the content the step writes. The undo replaces the file
   * only while it holds this content (or is still the original, or is gone);
   * absent in records older than fingerprints, whose undo replaces a file as it is.
   */
  written?: ContentFingerprint;
  /** The temp file written beside `path` and renamed over it; an undo removes a leftover one. */
  temp?: string;
  /** A complete copy of the file as it was before, when it existed (kept after the undo). */
  backup?: string;
  /** Every folder created to hold the file, topmost first; absent when none was. */
  createdDirs?: string[];
  /** Records older than `createdDirs`: the topmost folder created (the rest are below it). */
  createdDir?: string;
}

/**
 * Undoes a file write: removes a leftover temp file; puts the previous
 * content back (through a temp file and a rename), or removes the file the
 * step made; then removes the folders made for it, deepest first, each only
 * when empty. Safe to run when the write never happened, happened partly or
 * fully, and safe to run twice. Putting back a large file stops between two
 * chunks when the undo is given up (a second Ctrl+C): the file is then left
 * as the step wrote it, for a later `momoflow rollback`.
 *
 * @throws Error naming the file when it changed since the step wrote it
 *   (unless `invocation.force`), when its backup is missing, or when the undo
 *   was given up before the file was put back.
 */
export async function undoFileWrite(
  command: string,
  rollbackData: unknown,
  invocation: CommandInvocation,
): Promise<void> {
  if (rollbackData === undefined || rollbackData === null) return;
  const data = expectRollbackData<FileWriteRollbackData>(command, rollbackData);
  if (typeof data.temp === "string")
    await removeLeftoverTemp(command, data, data.temp, invocation.signal);
  const force = invocation.force === true;
  if (data.backup !== undefined)
    await restoreBackup(command, data, data.backup, force, invocation.signal);
  else await removeWrittenFile(command, data, force, invocation.signal);
  removeCreatedFolders(command, createdFolders(data), invocation.logger);
}

/**
 * Removes the temp file a write left, off the main thread: a stalled file
 * system holds a removal, and a stop that comes while it waits gives it up
 * (the file is left as it is, for a later rollback). An undo given up before
 * it began still removes it: that takes no time on a file system that answers.
 */
async function removeLeftoverTemp(
  command: string,
  data: FileWriteRollbackData,
  temp: string,
  signal: AbortSignal,
): Promise<void> {
  const removal = rm(temp, { force: true });
  if (signal.aborted) return removal;
  await checkingStopped(command, data.path)(untilStopped(removal, signal, `removing "${temp}"`));
}

async function restoreBackup(
  command: string,
  data: FileWriteRollbackData,
  backup: string,
  force: boolean,
  signal: AbortSignal,
): Promise<void> {
  if (!existsSync(backup)) {
    throw new Error(`${command}: the backup of "${data.path}" is missing (${backup})`);
  }
  const current = lstatSync(data.path, { throwIfNoEntry: false });
  const checking = checkingStopped(command, data.path);
  if (current && (await checking(sameFileContentStoppably(data.path, backup, signal)))) {
    // Still (or again) the original: the write never happened, or was undone already.
    if (current.mode === lstatSync(backup).mode) return;
    // The same content with other mode bits (a copy takes its source's): put them back.
  } else if (current && !force && !(await checking(holdsStepContent(current, data, signal)))) {
    throw changedError(command, data.path, "restored", "replaces");
  }
  if (current?.isDirectory()) rmSync(data.path, { recursive: true, force: true });
  // Copied, not moved: the backup stays until the restore is complete, and after.
  const temp = typeof data.temp === "string" ? data.temp : tempPathBeside(data.path);
  try {
    makeFolders(dirname(data.path));
    if (copiesInOneCall(backup)) {
      replaceThroughTemp(temp, data.path, (into) =>
        copyFileSync(backup, into, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE),
      );
    } else {
      await replaceThroughTempStoppably(
        temp,
        data.path,
        (into) => copyFileStoppably(backup, into, signal),
        signal,
      );
    }
  } catch (error) {
    throw explainRestoreFailure(error, `${command}: cannot restore "${data.path}"`, backup);
  }
}

async function removeWrittenFile(
  command: string,
  data: FileWriteRollbackData,
  force: boolean,
  signal: AbortSignal,
): Promise<void> {
  const current = lstatSync(data.path, { throwIfNoEntry: false });
  if (!current) return;
  const checking = checkingStopped(command, data.path);
  if (!force && !(await checking(holdsStepContent(current, data, signal)))) {
    throw changedError(command, data.path, "removed", "removes");
  }
  rmSync(data.path, { recursive: true, force: true });
}

/**
 * The file at the path is what the step wrote (an old record without a
 * fingerprint: any file). A large one is read in chunks, stopped by `signal`.
 */
async function holdsStepContent(
  current: Stats,
  data: FileWriteRollbackData,
  signal: AbortSignal,
): Promise<boolean> {
  if (!current.isFile()) return false;
  const written = asFingerprint(data.written);
  return written === undefined || fileHasFingerprint(data.path, written, signal);
}

/**
 * Awaits a check of the file at `path`, rewording a stop (the undo given up
 * while a large file was read) to say the file was left as it is.
 */
function checkingStopped(command: string, path: string) {
  return async <T>(check: Promise<T>): Promise<T> => {
    try {
      return await check;
    } catch (error) {
      throw explainStopped(
        error,
        `${command}: cannot undo the write of "${path}"`,
        "it is left as it is; roll back again to undo it",
      );
    }
  };
}

function changedError(command: string, path: string, undone: string, forceDoes: string): Error {
  return new Error(
    `${command}: "${path}" changed since the step wrote it; not ${undone} (momoflow rollback --force ${forceDoes} it)`,
  );
}

/** The folders the step created, from a current record or an old one (`createdDir`). */
function createdFolders(data: FileWriteRollbackData): string[] {
  const listed = asFolderList(data.createdDirs);
  if (listed) return listed;
  if (typeof data.createdDir === "string")
    return foldersFromTopmost(data.createdDir, dirname(data.path));
  return [];
}
