import { constants, copyFileSync, statSync } from "node:fs";
import { copyFile, open, rm } from "node:fs/promises";
import { FileWorkStoppedError, throwIfStopped, untilStopped } from "./file-work-stop";

/**
 * Files up to this size are copied in one system call (a clone where the
 * file system can, else `copy_file_range`): some milliseconds, too short for
 * a stop to wait on, and the fastest way there is.
 */
export const ONE_CALL_COPY_BYTES = 32 * 1024 * 1024;

/** Whether the file at `path` is small enough to be copied in one call (see {@link ONE_CALL_COPY_BYTES}). */
export function copiesInOneCall(path: string): boolean {
  return statSync(path).size <= ONE_CALL_COPY_BYTES;
}

/** A larger file is copied this much at a time, the stop checked between two. */
const CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * Copies the file `source` to `target`, which must not exist (it is created
 * with the source's mode bits, as `cp` does), and can be stopped: a large file
 * is cloned where the file system can (instant), else copied in chunks off
 * the main thread, and `signal` is checked between two, so Ctrl+C, SIGTERM or
 * a step's timeout is honoured within a chunk instead of after a copy of
 * many seconds. A stopped copy throws {@link FileWorkStoppedError} and leaves
 * `target` part-written: the caller writes to a temp file and removes it.
 *
 * @throws FileWorkStoppedError when `signal` aborted before the copy was complete;
 *   the system's error (disk full, …) otherwise.
 */
export async function copyFileStoppably(
  source: string,
  target: string,
  signal: AbortSignal,
): Promise<void> {
  if (copiesInOneCall(source)) {
    copyFileSync(source, target, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE);
    return;
  }
  const doing = `copying "${source}"`;
  throwIfStopped(signal, doing);
  try {
    // A stop does not wait for the attempt: on a stalled file system its very creation of
    // `target` waits in the kernel. What it makes once it ends is removed then.
    await untilStopped(
      copyFile(source, target, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE_FORCE),
      signal,
      doing,
      () => rm(target, { force: true }),
    );
    return;
  } catch (error) {
    if (error instanceof FileWorkStoppedError) throw error;
    // No clone here (another file system, or none that clones): the chunks say why, if anything fails.
    await rm(target, { force: true });
  }
  await copyInChunks(source, target, signal);
}

/**
 * Copies in chunks, each call cut by a stop (see {@link untilStopped}): a
 * stalled file system holds a chunk's write as long as it stalls. Cut, the
 * files are closed once the call ends (a close waits for it), not awaited.
 */
async function copyInChunks(source: string, target: string, signal: AbortSignal): Promise<void> {
  const doing = `copying "${source}"`;
  let cut = false;
  const untilStop = <T>(work: Promise<T>): Promise<T> =>
    untilStopped(work, signal, doing).catch((error: unknown) => {
      if (error instanceof FileWorkStoppedError) cut = true;
      throw error;
    });
  const from = await open(source, "r");
  try {
    const mode = (await from.stat()).mode & 0o7777;
    // Made later, once the file system lets it: closed and removed then.
    const to = await untilStopped(open(target, "wx", mode), signal, doing, async (made) => {
      await made?.close();
      await rm(target, { force: true });
    });
    try {
      // The mode `open` gave lost the bits the umask takes away; a copy keeps them.
      await untilStop(to.chmod(mode));
      const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
      for (let position = 0; ;) {
        throwIfStopped(signal, doing);
        const { bytesRead } = await untilStop(from.read(buffer, 0, CHUNK_BYTES, position));
        if (bytesRead === 0) break;
        for (let written = 0; written < bytesRead;) {
          const { bytesWritten } = await untilStop(
            to.write(buffer, written, bytesRead - written, position + written),
          );
          written += bytesWritten;
        }
        position += bytesRead;
      }
    } finally {
      if (cut) void to.close().catch(() => {});
      else await to.close();
    }
  } finally {
    if (cut) void from.close().catch(() => {});
    else await from.close();
  }
}
