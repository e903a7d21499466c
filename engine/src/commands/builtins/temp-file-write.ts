import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, openSync, renameSync, rmSync } from "node:fs";
import { open, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { FileWorkStoppedError, throwIfStopped, untilStopped } from "./file-work-stop";

/**
 * A fresh temporary name beside `path` (same folder, so same file system: the
 * rename that puts it in place is atomic). Hidden, and named for the file.
 */
export function tempPathBeside(path: string): string {
  return join(dirname(path), `.${basename(path)}.momoflow-${randomBytes(6).toString("hex")}.tmp`);
}

/**
 * Replaces `destination` with what `fill` writes into `temp`: `fill` writes the
 * whole temp file, which is flushed to disk and renamed over the destination.
 * A reader sees the old file or the new one, never a part; a failed write
 * (disk full, I/O error) leaves the destination as it was and no temp file.
 */
export function replaceThroughTemp(
  temp: string,
  destination: string,
  fill: (temp: string) => void,
): void {
  rmSync(temp, { force: true });
  try {
    fill(temp);
    flushToDisk(temp);
    renameSync(temp, destination);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/**
 * {@link replaceThroughTemp} for a `fill` that takes long (a copy of a large
 * file) and stops when `signal` aborts: the flush runs off the main thread,
 * and a stop that came before the rename gives the write up — no rename, the
 * temp file removed, the destination as it was.
 *
 * @throws FileWorkStoppedError when `signal` aborted before the rename.
 */
export async function replaceThroughTempStoppably(
  temp: string,
  destination: string,
  fill: (temp: string) => Promise<void>,
  signal: AbortSignal,
): Promise<void> {
  rmSync(temp, { force: true });
  try {
    await fill(temp);
    await flushStoppably(temp, signal, `writing "${destination}"`);
    throwIfStopped(signal, `writing "${destination}"`);
    renameSync(temp, destination);
  } catch (error) {
    // Stopped, a call may still hold a stalled file system, which holds a removal too: off
    // the main thread, not waited for (the step's undo removes the temp file as well).
    if (error instanceof FileWorkStoppedError) void rm(temp, { force: true }).catch(() => {});
    else rmSync(temp, { force: true });
    throw error;
  }
}

/**
 * Flushes the file at `path` to disk, off the main thread, and stops waiting
 * when `signal` aborts: the flush of a large file may take many seconds on a
 * slow disk, longer on a stalled one. Given up, it goes on to its end, and
 * its handle is closed then (a close waits for the flush).
 *
 * @throws FileWorkStoppedError when `signal` aborted before the flush ended.
 */
async function flushStoppably(path: string, signal: AbortSignal, doing: string): Promise<void> {
  const file = await open(path, "r+");
  try {
    await untilStopped(file.sync(), signal, doing);
  } catch (error) {
    if (error instanceof FileWorkStoppedError) {
      void file.close().catch(() => {});
      throw error;
    }
    await file.close();
    throw error;
  }
  await file.close();
}

/** On file systems that allocate late, a full disk shows only here, before the rename. */
function flushToDisk(path: string): void {
  const fd = openSync(path, "r+");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
