import { existsSync, rmdirSync } from "node:fs";
import { dirname, isAbsolute, relative } from "node:path";
import type { Logger } from "../../runtime/logger";
import { makeFolders } from "../../runtime/make-folders";
import { isDiskFull } from "./disk-full";

/**
 * The folders that `mkdir -p dir` would create, topmost first (the order they
 * are made in): `dir` and each missing ancestor. Empty when `dir` exists.
 */
export function missingFolders(dir: string): string[] {
  const missing: string[] = [];
  let current = dir;
  while (!existsSync(current)) {
    missing.unshift(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return missing;
}

/**
 * The folders an old record's single topmost folder stands for: `topmost` and
 * every folder down to `deepest`, which `mkdir -p` made with it.
 */
export function foldersFromTopmost(topmost: string, deepest: string): string[] {
  const rel = relative(topmost, deepest);
  if (rel.startsWith("..") || isAbsolute(rel)) return [topmost];
  const folders = [deepest];
  for (let dir = deepest; dir !== topmost;) {
    dir = dirname(dir);
    folders.unshift(dir);
  }
  return folders;
}

/**
 * Removes the folders a call created (given topmost first), deepest first,
 * each only while it is empty: one that holds something made since is left
 * with an info line (with its ancestors, which hold it), and that is no failure.
 * Folders already gone are fine, so this can run twice.
 *
 * @throws Error when an empty folder cannot be removed (e.g. permissions).
 */
export function removeCreatedFolders(command: string, folders: string[], logger: Logger): void {
  for (const folder of [...folders].reverse()) {
    try {
      rmdirSync(folder);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT") continue;
      if (code === "ENOTEMPTY" || code === "EEXIST") {
        logger.info(`${command}: left the folder "${folder}": it holds files made since`);
        return;
      }
      if (code === "ENOTDIR") {
        logger.warn(`${command}: left "${folder}": it is no longer a folder`);
        return;
      }
      throw error;
    }
  }
}

/** Checks a folder list read back from a run record; undefined when absent or malformed. */
export function asFolderList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === "string")
    ? (value as string[])
    : undefined;
}

/**
 * Makes `dir` and its missing ancestors for `command`, which then writes or
 * makes `target` (`doing`: "write" or "make"). A folder the system refuses is
 * named with the reason (`create_file: cannot write "/proc/x/a.txt": the
 * folder "/proc/x" cannot be made (no such file or directory)`) rather than
 * Node's bare `ENOENT: …`; a full disk keeps its error, for the caller to explain.
 */
export function makeFoldersFor(
  command: string,
  dir: string,
  doing: "write" | "make",
  target: string,
): void {
  try {
    makeFolders(dir);
  } catch (error) {
    const failure = error as NodeJS.ErrnoException;
    if (isDiskFull(error) || failure.path === undefined) throw error;
    const reason = /^[A-Z]+: ([^,]+)/.exec(failure.message)?.[1] ?? failure.code ?? "refused";
    throw new Error(
      `${command}: cannot ${doing} "${target}": the folder "${failure.path}" cannot be made (${reason})`,
      { cause: error },
    );
  }
}
