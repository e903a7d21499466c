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
 * Removes the folders in `tmp` named by {@link processOwnedPrefix} with
 * `prefix` whose process is gone. One whose process is alive, or of another
 * pid namespace, is left alone, as are folders this user cannot remove.
 */
export function sweepFoldersOfGoneProcesses(tmp: string, prefix: string): void {
  const owner = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(\\d+)-(\\d+)-`);
  let names: string[];
  try {
    names = readdirSync(tmp);
  } catch {
    return;
  }
  for (const name of names) {
    const found = owner.exec(name);
    if (!found || found[1] !== pidNamespace()) continue;
    const pid = Number(found[2]);
    if (pid === process.pid || isProcessAlive(pid)) continue;
    try {
      rmSync(join(tmp, name), { recursive: true, force: true });
    } catch {
      // Another user's, or going away as we look: not ours to clear.
    }
  }
}
