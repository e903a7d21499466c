import { readdirSync, readlinkSync, rmSync } from "node:fs";
import { join } from "node:path";
import { isProcessAlive } from "./process-liveness";

let namespace: string | undefined;

/**
 * The pid namespace this process's pids belong to (its inode on Linux, "0"
 * where there is none to read): a temporary folder shared by containers
 * holds folders whose pids mean nothing here, and those are left alone.
 */
export function pidNamespace(): string {
  if (namespace !== undefined) return namespace;
  try {
    namespace = /\[(\d+)\]/.exec(readlinkSync("/proc/self/ns/pid"))?.[1] ?? "0";
  } catch {
    namespace = "0";
  }
  return namespace;
}

/**
 * The start of the name of a temporary folder this process owns:
 * `<prefix><namespace>-<pid>-`. A process killed before it removed its folder
 * leaves a name that says whose it was, for {@link sweepFoldersOfGoneProcesses}.
 */
export function processOwnedPrefix(prefix: string): string {
  return `${prefix}${pidNamespace()}-${process.pid}-`;
}

/**
 * The folders in `tmp` named by {@link processOwnedPrefix} with `prefix`
 * whose process is gone, as paths. One whose process is alive, or of another
 * pid namespace, is not among them.
 */
export function foldersOfGoneProcesses(tmp: string, prefix: string): string[] {
  const owner = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(\\d+)-(\\d+)-`);
  let names: string[];
  try {
    names = readdirSync(tmp);
  } catch {
    return [];
  }
  const gone: string[] = [];
  for (const name of names) {
    const found = owner.exec(name);
    if (!found || found[1] !== pidNamespace()) continue;
    const pid = Number(found[2]);
    if (pid !== process.pid && !isProcessAlive(pid)) gone.push(join(tmp, name));
  }
  return gone;
}

/** Removes {@link foldersOfGoneProcesses}, but those this user cannot remove. */
export function sweepFoldersOfGoneProcesses(tmp: string, prefix: string): void {
  for (const folder of foldersOfGoneProcesses(tmp, prefix)) removeFolderQuietly(folder);
}

/** Removes `folder` and what it holds; one of another user's, or going away as we look, is not ours to clear. */
export function removeFolderQuietly(folder: string): void {
  try {
    rmSync(folder, { recursive: true, force: true });
  } catch {
    // Not ours to clear.
  }
}
