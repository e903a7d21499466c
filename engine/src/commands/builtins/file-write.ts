import {
  closeSync,
  constants,
  copyFileSync,
  fchmodSync,
  openSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname } from "node:path";
import type { CommandInvocation } from "../command";
import { fingerprintFileStoppably, fingerprintText } from "./content-fingerprint";
import { makeFoldersFor, missingFolders } from "./created-folders";
import { explainDiskFull } from "./disk-full";
import { backUpFile } from "./file-backup";
import type { FileWriteRollbackData } from "./file-write-undo";
import { explainStopped } from "./file-work-stop";
import { copiesInOneCall, copyFileStoppably } from "./stoppable-copy";
import { fileBehindLinks, refuseFileInTheWay, specialFileKind } from "./target-path";
import { replaceThroughTemp, replaceThroughTempStoppably, tempPathBeside } from "./temp-file-write";

/** What a file-writing command writes: a text, or a copy of another file. */
export type WrittenContent = { text: string } | { copyOf: string };

/**
 * Writes `content` to `target` so that it can be undone, whatever instant the
 * run is killed at. Before anything changes: fingerprints the content, copies
 * the file there now (if any) into a backup folder, and remembers the rollback
 * data (with the temp file's name). Then creates the missing parent folders,
 * writes a temp file beside the target and renames it over the target. A
 * symbolic link at `target` is kept: the file it points at is written.
 *
 * The invocation's signal (Ctrl+C, SIGTERM, the step's timeout) stops the
 * fingerprint, the backup and the copy of a large file between two chunks:
 * a stopped write never renames, so the target is as it was.
 *
 * @returns the file written (links followed).
 * @throws Error when `target` is a folder or runs through a file, the disk is
 *   full, or the step was stopped (the target is unchanged then).
 */
export async function writeFileUndoably(
  command: string,
  target: string,
  content: WrittenContent,
  invocation: CommandInvocation,
): Promise<string> {
  refuseFileInTheWay(command, target);
  const destination = fileBehindLinks(target);
  const existing = statSync(destination, { throwIfNoEntry: false });
  if (existing?.isDirectory()) throw new Error(`${command}: "${target}" is a folder`);
  const special = existing && specialFileKind(existing);
  if (special)
    throw new Error(
      `${command}: cannot write "${target}": it is ${special}, and ${command} writes regular files, which it can undo (write to it from a shell step)`,
    );
  const { signal } = invocation;
  const unchanged = existing ? "the file is unchanged" : "no file was made";
  let written;
  try {
    written =
      "text" in content
        ? fingerprintText(content.text)
        : await fingerprintFileStoppably(content.copyOf, signal);
  } catch (error) {
    throw explainStopped(error, `${command}: cannot write "${destination}"`, unchanged);
  }
  const data: FileWriteRollbackData = {
    path: destination,
    written,
    temp: tempPathBeside(destination),
  };
  if (existing) data.backup = await backUpFile(invocation, command, destination);
  else {
    const created = missingFolders(dirname(destination));
    if (created.length > 0) data.createdDirs = created;
  }
  // Remembered before the first change: a run killed from here on can be undone.
  invocation.remember(data);
  try {
    if (data.createdDirs) makeFoldersFor(command, dirname(destination), "write", destination);
    const temp = data.temp as string;
    if ("copyOf" in content && !copiesInOneCall(content.copyOf)) {
      const source = content.copyOf;
      await replaceThroughTempStoppably(
        temp,
        destination,
        (into) => copyFileStoppably(source, into, signal),
        signal,
      );
    } else {
      // Milliseconds of work: in one go, as quick as it gets.
      replaceThroughTemp(temp, destination, (into) => fillTemp(into, content, existing?.mode));
    }
  } catch (error) {
    const doing = `${command}: cannot write "${destination}"`;
    throw explainStopped(explainDiskFull(error, doing, unchanged), doing, unchanged);
  }
  return destination;
}

/**
 * Writes the new content into a fresh temp file. A text takes the mode of the
 * file it replaces (a new file gets the usual 0666 less the umask); a copy
 * takes its source's mode, as `cp` does.
 */
function fillTemp(temp: string, content: WrittenContent, replacedMode: number | undefined): void {
  if ("copyOf" in content) {
    copyFileSync(content.copyOf, temp, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE);
    return;
  }
  const fd = openSync(temp, "wx", 0o666);
  try {
    if (replacedMode !== undefined) fchmodSync(fd, replacedMode & 0o7777);
    writeFileSync(fd, content.text);
  } finally {
    closeSync(fd);
  }
}
