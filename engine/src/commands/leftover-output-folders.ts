import { processOwnedPrefix, sweepFoldersOfGoneProcesses } from "../record/process-owned-folders";

/** The start of a shell action's output folder's name; its process's namespace and pid follow. */
export const OUTPUT_FOLDER_PREFIX = "momoflow-output-";

/** The start of the name of an output folder this process makes: `momoflow-output-<namespace>-<pid>-`. */
export function outputFolderPrefix(): string {
  return processOwnedPrefix(OUTPUT_FOLDER_PREFIX);
}

/** Folders already swept, so a process looks once per temporary folder. */
const swept = new Set<string>();

/**
 * Removes the output folders (see `ShellOutputFile`) that processes which
 * are gone left in `tmp`: a run killed during a shell action never removes
 * its own, and the file in it holds the action's output as written, secrets
 * unmasked. Once per process and folder: the next shell action's start pays it.
 */
export function sweepLeftoverOutputFolders(tmp: string): void {
  if (swept.has(tmp)) return;
  swept.add(tmp);
  sweepFoldersOfGoneProcesses(tmp, OUTPUT_FOLDER_PREFIX);
}
