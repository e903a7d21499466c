import { lstatSync, readlinkSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { CommandInvocation } from "../command";

/** A path argument made absolute: relative paths resolve against the working directory. */
export function resolveTarget(invocation: CommandInvocation, path: string): string {
  return resolve(invocation.workingDirectory, path);
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
