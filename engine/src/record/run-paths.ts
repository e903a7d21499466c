import { createHash, randomBytes } from "node:crypto";
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
  /** Room kept for the lines of the run's rollback on a full disk (see `JournalReserve`). */
  reserve: string;
  /** Folder of the steps' logs (see {@link stepLogPath}). */
  logs: string;
}

/** Where the files of the run record in `runDir` live. */
export function runRecordPaths(runDir: string): RunRecordPaths {
  return {
    dir: runDir,
    journal: join(runDir, "journal.jsonl"),
    result: join(runDir, "result.json"),
    backups: join(runDir, "backups"),
    lock: join(runDir, "rollback.lock"),
    reserve: join(runDir, "journal.reserve"),
    logs: join(runDir, LOGS_FOLDER),
  };
}

/** Folder of a run record that holds the steps' logs. */
export const LOGS_FOLDER = "logs";

// Longest file name kept as it is; longer ones are cut and end with a hash
// (file systems allow 255 bytes, and an encoded character takes three).
const MAX_LOG_NAME = 150;

/**
 * Where a step's log lives in its run record, relative to the run folder:
 * `logs/<name>.log`. The name is the step id with every character other than
 * ASCII letters, digits, `_` and `-` (and a `.` that is not the first
 * character) written as `%XX` per UTF-8 byte, as in URLs: every step id gets a
 * file name of its own, safe on any file system, and ordinary ids
 * (`build_site`) read as they are. An id whose encoding is longer than 150
 * characters is cut and followed by a hash of the whole id.
 * Always with `/`, the separator of the run record's JSON.
 */
export function stepLogPath(stepId: string): string {
  return `${LOGS_FOLDER}/${stepLogName(stepId)}.log`;
}

function stepLogName(stepId: string): string {
  let name = "";
  for (const byte of Buffer.from(stepId, "utf8")) {
    const c = String.fromCharCode(byte);
    const safe = /[A-Za-z0-9_-]/.test(c) || (c === "." && name !== "");
    name += safe ? c : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  if (name === "") return "%";
  if (name.length <= MAX_LOG_NAME) return name;
  const hash = createHash("sha256").update(stepId).digest("hex").slice(0, 16);
  // Cut where no %XX is split.
  const cut = name.slice(0, MAX_LOG_NAME).replace(/%[0-9A-F]?$/, "");
  return `${cut}~${hash}`;
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
