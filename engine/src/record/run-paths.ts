import { randomBytes } from "node:crypto";
import { join } from "node:path";

/** Folder of run records for a working directory: `<workdir>/.momoflow/runs`. */
export function runsDirOf(workingDirectory: string): string {
  return join(workingDirectory, ".momoflow", "runs");
}

/** Files of one run record. */
export interface RunRecordPaths {
  dir: string;
  journal: string;
  result: string;
  backups: string;
  lock: string;
}

/** Where the files of the run record in `runDir` live. */
export function runRecordPaths(runDir: string): RunRecordPaths {
  return {
    dir: runDir,
    journal: join(runDir, "journal.jsonl"),
    result: join(runDir, "result.json"),
    backups: join(runDir, "backups"),
    lock: join(runDir, "rollback.lock"),
  };
}

/** Name of the file that names the newest run: `.momoflow/runs/latest`. */
export const LATEST_FILE = "latest";

/**
 * A new run id: sortable by start time, readable, unique
 * (e.g. `20261125-173012-456-publish_site-3fa9c1`).
 */
export function newRunId(workflowId: string, now: Date = new Date()): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, "0");
  const stamp =
    `${now.getUTCFullYear()}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}` +
    `-${p(now.getUTCHours())}${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}` +
    `-${p(now.getUTCMilliseconds(), 3)}`;
  const safeId = workflowId.replace(/[^A-Za-z0-9_.-]/g, "_").slice(0, 64);
  return `${stamp}-${safeId}-${randomBytes(3).toString("hex")}`;
}
