import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { processOwnedPrefix, sweepFoldersOfGoneProcesses } from "../record/process-owned-folders";

/** The start of every scratch folder's name the bench makes; its process's namespace and pid follow. */
const BENCH_FOLDER_PREFIX = "momoflow-bench-";

/** Temporary folders already swept, so a process looks once per folder. */
const swept = new Set<string>();

/**
 * Makes a scratch folder for the bench in the OS temp folder,
 * `momoflow-bench-<namespace>-<pid>-<kind>-XXXXXX`. The bench removes its
 * folders when it ends, but a bench stopped part-way (Ctrl+C, a closed
 * terminal, a stopped task) cannot: its folder may hold a run record of
 * 100,000 steps. So the first folder a process makes sweeps away those whose
 * process is gone.
 */
export function makeBenchFolder(kind: string): string {
  const tmp = tmpdir();
  if (!swept.has(tmp)) {
    swept.add(tmp);
    sweepFoldersOfGoneProcesses(tmp, BENCH_FOLDER_PREFIX);
  }
  return mkdtempSync(join(tmp, `${processOwnedPrefix(BENCH_FOLDER_PREFIX)}${kind}-`));
}
