import { chmod, lstat, mkdir, readdir, readlink, symlink, utimes } from "node:fs/promises";
import { join } from "node:path";
import { throwIfStopped } from "./file-work-stop";
import { copyFileStoppably } from "./stoppable-copy";
import { specialFileKind } from "./target-path";

/**
 * Copies the file, folder or symbolic link `from` to `to` (which must not
 * exist), as `cpSync(from, to, { recursive, verbatimSymlinks,
 * preserveTimestamps })` did: links copied as they read, files with their
 * mode bits and times, folders with their mode bits. Unlike it, a stop
 * (`signal`) is honoured between two entries and between two chunks of a
 * large file (see {@link copyFileStoppably}), instead of after the whole tree.
 * What a stopped or failed copy wrote is left at `to`: the caller copies to
 * a staging path and removes it.
 *
 * @throws FileWorkStoppedError when `signal` aborted before the copy was
 *   complete; an Error naming a pipe, socket or device in the tree (which
 *   cannot be copied); the system's error otherwise.
 */
export async function copyTreeStoppably(
  from: string,
  to: string,
  signal: AbortSignal,
): Promise<void> {
  throwIfStopped(signal, `copying "${from}"`);
  const stat = await lstat(from);
  if (stat.isSymbolicLink()) {
    await symlink(await readlink(from), to);
  } else if (stat.isDirectory()) {
    await mkdir(to);
    for (const name of await readdir(from)) {
      await copyTreeStoppably(join(from, name), join(to, name), signal);
    }
    // Set last: a folder without write permission is filled first.
    await chmod(to, stat.mode & 0o7777);
  } else if (stat.isFile()) {
    await copyFileStoppably(from, to, signal);
    await utimes(to, stat.atime, stat.mtime);
  } else {
    throw new Error(`cannot copy "${from}": it is ${specialFileKind(stat) ?? "not a file"}`);
  }
}
