import { lstatSync, readlinkSync, statSync, type Stats } from "node:fs";
import { dirname, resolve } from "node:path";
import type { CommandInvocation } from "../command";

/** A path argument made absolute: relative paths resolve against the working directory. */
export function resolveTarget(invocation: CommandInvocation, path: string): string {
  return resolve(invocation.workingDirectory, path);
}

/**
 * Refuses a path that runs through a file (`notes.txt/inner`): the first
 * folder above it that exists must be a folder, or nothing can be made
 * there, and Node would only say `ENOTDIR` of some part of it.
 *
 * @throws Error naming the command, the path and the file in its way.
 */
export function refuseFileInTheWay(command: string, path: string): void {
  for (let at = dirname(path); at !== dirname(at); at = dirname(at)) {
    let stats;
    try {
      stats = statSync(at, { throwIfNoEntry: false });
    } catch {
      continue; // ENOTDIR: the file is further up
    }
    if (!stats) continue;
    if (!stats.isDirectory())
      throw new Error(`${command}: cannot write "${path}": "${at}" is a file, not a folder`);
    return;
  }
}

/** As many links as the kernel follows before it gives up (ELOOP). */
const MAX_LINKS = 40;

/**
 * The file a write to `path` lands in: `path` itself, or, when it is a
 * symbolic link, what the link points at (followed link after link, also
 * when the last one points at nothing yet). A write through a temp file and
 * a rename must replace that file, not the link.
 *
 * @throws Error when the links loop.
 */
export function fileBehindLinks(path: string): string {
  let current = path;
  for (let hops = 0; hops < MAX_LINKS; hops++) {
    if (!lstatSync(current, { throwIfNoEntry: false })?.isSymbolicLink()) return current;
    current = resolve(dirname(current), readlinkSync(current));
  }
  throw new Error(`"${path}": too many levels of symbolic links`);
}

/**
 * What `stats` is when it is neither a regular file nor a folder ("a
 * character device", "a named pipe (FIFO)"…), else undefined. The file
 * commands read and write regular files only: a pipe's read waits for a
 * writer and a device's (`/dev/zero`) never ends — in one synchronous call,
 * deaf to Ctrl+C — and a write through a temp file and a rename would put a
 * file where a device was (`/dev/null`, as root), which no undo brings back.
 */
export function specialFileKind(stats: Stats): string | undefined {
  if (stats.isFile() || stats.isDirectory()) return undefined;
  if (stats.isCharacterDevice()) return "a character device";
  if (stats.isBlockDevice()) return "a block device";
  if (stats.isFIFO()) return "a named pipe (FIFO)";
  if (stats.isSocket()) return "a socket";
  return "not a regular file";
}
