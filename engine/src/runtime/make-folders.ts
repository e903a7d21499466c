import { mkdirSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";

/**
 * Makes the folder `path` and each missing ancestor, as `mkdir -p` does, and
 * is fine when it exists already.
 *
 * Not `mkdirSync(path, { recursive: true })`: Node's (20, 22) never returns
 * when the system says a folder cannot be made because something in its path
 * is missing although its parent is there — `/proc/nope/x` (a user's path
 * under a pseudo file system, a typo for `/tmp`): it makes the parent, finds
 * it, tries the child again, for ever, in one synchronous call, at full CPU
 * and deaf to Ctrl+C and SIGTERM. Here each folder is made once; the one the
 * system refuses ends the call with its error (`ENOENT: …, mkdir '/proc/nope'`).
 *
 * @param mode the new folders' permissions (as `mkdirSync`'s `mode`).
 * @throws the system's error for the first folder that cannot be made, or
 *   `EEXIST` when something that is not a folder is in the way.
 */
export function makeFolders(path: string, mode?: number): void {
  const missing: string[] = [];
  let folder = resolve(path);
  // Up from `path` to the first folder that is there (one call when the parent is).
  while (!makeOne(folder, mode, false)) {
    const parent = dirname(folder);
    if (parent === folder) break;
    missing.push(folder);
    folder = parent;
  }
  // Down again: each parent is there now, so a refusal is the system's last word.
  for (let i = missing.length - 1; i >= 0; i--) makeOne(missing[i]!, mode, true);
}

/**
 * Makes one folder (true), or finds it there (true); false when the system
 * says part of its path is missing, unless `parentIsThere`: then that is thrown.
 */
function makeOne(folder: string, mode: number | undefined, parentIsThere: boolean): boolean {
  try {
    mkdirSync(folder, mode);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" && !parentIsThere) return false;
    // Made meanwhile by another process, or there already: fine when it is a folder.
    if (code === "EEXIST" && statSync(folder, { throwIfNoEntry: false })?.isDirectory())
      return true;
    throw error;
  }
}
