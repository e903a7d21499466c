import { readdirSync, readlinkSync, rmSync } from "node:fs";
import { join } from "node:path";
import { isProcessAlive } from "../record/process-liveness";

/** The start of a shell action's output folder's name; its process's namespace and pid follow. */
export const OUTPUT_FOLDER_PREFIX = "momoflow-output-";

const OWNER = new RegExp(`^${OUTPUT_FOLDER_PREFIX}(\\d+)-(\\d+)-`);

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

/** The start of the name of an output folder this process makes: `momoflow-output-<namespace>-<pid>-`. */
export function outputFolderPrefix(): string {
  return `${OUTPUT_FOLDER_PREFIX}${pidNamespace()}-${process.pid}-`;
}

/** Folders already swept, so a process looks once per temporary folder. */
const swept = new Set<string>();

/**
 * Removes the output folders (see `ShellOutputFile`) that processes which
 * are gone left in `tmp`: a run killed during a shell action never removes
 * its own, and the file in it holds the action's output as written, secrets
 * unmasked. Each folder's name holds the pid of the process that made it
 * and its pid namespace; one whose process is alive, or of another namespace,
 * is left alone, as are folders this user cannot remove. Once per process and folder: the next shell action's start pays it.
 */
export function sweepLeftoverOutputFolders(tmp: string): void {
  if (swept.has(tmp)) return;
  swept.add(tmp);
  let names: string[];
  try {
    names = readdirSync(tmp);
  } catch {
    return;
  }
  for (const name of names) {
    const owner = OWNER.exec(name);
    if (!owner || owner[1] !== pidNamespace()) continue;
    const pid = Number(owner[2]);
    if (pid === process.pid || isProcessAlive(pid)) continue;
    try {
      rmSync(join(tmp, name), { recursive: true, force: true });
    } catch {
      // Another user's, or going away as we look: not ours to clear.
    }
  }
}
