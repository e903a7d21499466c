import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { RunStartedEvent } from "./journal-event";
import { isMovedSourceRun } from "./moved-source-run";
import { readResultFile } from "./result-file";
import { LATEST_FILE, runRecordPaths, runsDirOf } from "./run-paths";

/** A run record found on disk. */
export interface RunSummary {
  runId: string;
  dir: string;
  workflowId: string;
  source?: string;
  /** The digest of each step as written when it ran (`stepDefinitions` of `run_started`), when recorded. */
  stepDefinitions?: Readonly<Record<string, string>>;
  startTime: number;
  /** Final status from result.json; absent for a run that never finished (killed or still running). */
  status?: string;
  /** The process that ran it, as its journal's first line names it: whether it still runs tells a running run from a killed one (see `isProcessAlive`). */
  pid?: number;
  /** When that process started (Linux, clock ticks after boot): tells it from a later process given the same pid. */
  pidStartTicks?: number;
}

/**
 * The runs folder meant by `folder`, which may be a working directory (the
 * folder `momoflow run` worked in, `--workdir`) or its runs folder:
 * - a path ending in `.momoflow/runs` is a runs folder;
 * - otherwise, a folder holding `.momoflow/runs` is a working directory: its
 *   runs folder is meant;
 * - otherwise the folder itself is taken as a runs folder (runs kept or
 *   copied elsewhere; a working directory without runs has none either way).
 *
 * The same folder is meant whichever of the two is given, so taking it again is harmless.
 */
export function runsFolderOf(folder: string): string {
  if (basename(folder) === "runs" && basename(dirname(folder)) === ".momoflow") return folder;
  const inside = runsDirOf(folder);
  return existsSync(inside) ? inside : folder;
}

/**
 * Every readable run, oldest first. Unreadable folders are skipped; a folder
 * that is not there has none.
 *
 * @param folder the working directory whose runs to list (as given to
 *   `momoflow run --workdir`, or `WorkflowContext`'s `workingDirectory`), or
 *   its runs folder `<workdir>/.momoflow/runs` (see {@link runsFolderOf}).
 *   Each run's `dir` is joined to the runs folder as given: relative when it is.
 */
export function listRuns(folder: string): RunSummary[] {
  const runsDir = runsFolderOf(folder);
  let names: string[];
  try {
    names = readdirSync(runsDir);
  } catch {
    return [];
  }
  const runs: RunSummary[] = [];
  for (const name of names) {
    if (name === LATEST_FILE || name.startsWith(".")) continue;
    const summary = readRunSummary(join(runsDir, name));
    if (summary) runs.push(summary);
  }
  return runs.sort((a, b) => a.startTime - b.startTime || a.runId.localeCompare(b.runId));
}

/**
 * The run recorded in the folder `dir`, as {@link listRuns} lists it;
 * undefined when the folder holds no run (no journal, or a first line that
 * names none: listing never fails on one).
 */
export function readRunSummary(dir: string): RunSummary | undefined {
  const start = readRunStart(runRecordPaths(dir).journal);
  if (!start || typeof start.runId !== "string" || typeof start.workflow?.id !== "string")
    return undefined;
  const summary: RunSummary = {
    runId: start.runId,
    dir,
    workflowId: start.workflow.id,
    startTime: start.time,
  };
  if (start.source) summary.source = start.source;
  if (typeof start.pid === "number") summary.pid = start.pid;
  if (typeof start.pidStartTicks === "number") summary.pidStartTicks = start.pidStartTicks;
  if (isDigestMap(start.stepDefinitions)) summary.stepDefinitions = start.stepDefinitions;
  const status = readResultFile(runRecordPaths(dir).result)?.status;
  // A damaged result may hold anything there: only a status that is text is one.
  if (typeof status === "string" && status) summary.status = status;
  return summary;
}

/** Which runs {@link findLatestRun} takes. */
export interface RunFilter {
  workflowId?: string;
  /** The workflow file the run was started from (absolute path). */
  source?: string;
  /**
   * The digest of each step of a workflow of `source` as written now, by
   * workflow id (undefined for a workflow it does not declare): given, a run
   * is also taken when its file was renamed or moved to `source` (see
   * {@link isMovedSourceRun}); its summary's `source` then names the old path.
   */
  sourceSteps?: (workflowId: string) => Readonly<Record<string, string>> | undefined;
}

/**
 * The newest run matching the filter (a workflow id and/or a source file), if any.
 *
 * @param folder a working directory or its runs folder, as {@link listRuns} takes it.
 */
export function findLatestRun(folder: string, filter: RunFilter = {}): RunSummary | undefined {
  const { source, sourceSteps } = filter;
  const runs = listRuns(folder).filter(
    (r) =>
      (filter.workflowId === undefined || r.workflowId === filter.workflowId) &&
      (source === undefined ||
        r.source === source ||
        (sourceSteps !== undefined && isMovedSourceRun(r, sourceSteps))),
  );
  return runs[runs.length - 1];
}

function isDigestMap(value: unknown): value is Record<string, string> {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((digest) => typeof digest === "string")
  );
}

/**
 * The run named by `.momoflow/runs/latest`, if any.
 *
 * @param folder a working directory or its runs folder, as {@link listRuns} takes it.
 */
export function readLatestRunId(folder: string): string | undefined {
  try {
    return readFileSync(join(runsFolderOf(folder), LATEST_FILE), "utf8").trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The `run_started` line of a journal, reading only its first line (listing runs must not read whole journals); undefined when it has none. */
export function readRunStart(journalPath: string): RunStartedEvent | undefined {
  let fd: number;
  try {
    fd = openSync(journalPath, "r");
  } catch {
    return undefined;
  }
  try {
    const chunks: Buffer[] = [];
    const buffer = Buffer.alloc(16384);
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      const chunk = buffer.subarray(0, n);
      const newline = chunk.indexOf(10);
      if (newline >= 0) {
        chunks.push(Buffer.from(chunk.subarray(0, newline)));
        break;
      }
      chunks.push(Buffer.from(chunk));
    }
    const event = JSON.parse(Buffer.concat(chunks).toString("utf8")) as RunStartedEvent;
    return event.type === "run_started" ? event : undefined;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}
