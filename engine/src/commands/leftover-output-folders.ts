import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { isProcessAlive } from "../record/process-liveness";

/** The start of a shell action's output folder's name; the process's pid follows. */
export const OUTPUT_FOLDER_PREFIX = "momoflow-output-";

const OWNER = new RegExp(`^${OUTPUT_FOLDER_PREFIX}(\\d+)-`);

/** Folders already swept, so a process looks once per temporary folder. */
const swept = new Set<string>();

/**
 * Removes the output folders (see `ShellOutputFile`) that processes which
 * are gone left in `tmp`: a run killed during a shell action never removes
 * its own, and the file in it holds the action's output as written, secrets
 * unmasked. Each folder's name holds the pid of the process that made it;
 * one whose process is alive is left alone, as are folders this user cannot
 * remove. Once per process and folder: the next shell action's start pays it.
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
    if (!owner) continue;
    const pid = Number(owner[1]);
    if (pid === process.pid || isProcessAlive(pid)) continue;
    try {
      rmSync(join(tmp, name), { recursive: true, force: true });
    } catch {
      // Another user's, or going away as we look: not ours to clear.
    }
  }
}
