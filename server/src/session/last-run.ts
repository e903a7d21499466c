/**
 * The last finished run of a workflow, from the run records under
 * `<folder>/.momoflow/runs`: the folder is the nearest one above the workflow's
 * file that has run records for it (the workspace folder, where the editor
 * runs workflows, or any folder a run was started in above the file); and
 * its figures in words, as the CLI's summary shows them (same units, same
 * memory figure: a shell action's peak or an in-process step's heap growth,
 * saying which), for hover and inlay hints; and the runs of a workflow, newest
 * first (see `recorded-json-output.ts`).
 */
import { readdirSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import {
  readResultFile,
  type RunResultFile,
  isMovedSourceRun,
  LATEST_FILE,
  listRuns,
  readRunSummary,
  type RunSummary,
  runRecordPaths,
  runsDirOf,
  type ResultStep,
} from "@momoflow/record";
import { fileStepDefinitions } from "@momoflow/language";
import { stepMemoryOf } from "@momoflow/runtime";
import { formatDuration, formatStepMemory } from "@momoflow/units";

/** A run record found for a workflow: its summary, and its result once the run has finished. */
export interface LastRun {
  summary: RunSummary;
  /** Undefined while the run is going on (or when it was killed). */
  result: RunResultFile | undefined;
}

/** How many folders above the file are searched. */
const MAX_LEVELS = 32;

/** The runs of one workflow file's workflow in one runs folder, newest first. */
export interface WorkflowRuns {
  runsDir: string;
  /** Never empty. */
  runs: readonly RunSummary[];
}

/** What is known of one runs folder. */
interface ListedRuns {
  /** Its entries, sorted, one a line. */
  entries: string;
  /** Every run in it, newest first. */
  all: RunSummary[];
  /** The runs of each workflow and file (`<workflow>\n<source>`), newest first. */
  byWorkflow: Map<string, RunSummary[]>;
  /** Folders that held no readable run when listed: being made, or damaged. */
  unread: string[];
  /** When they are read again. */
  rereadAt: number;
}

/**
 * Per runs folder, what was listed. Listing runs reads a line of every
 * journal (and every `result.json`), so it is only done again when a run
 * appeared or disappeared.
 */
const cache = new Map<string, ListedRuns>();

/**
 * How soon a folder that held no readable run is read again: a run just
 * started has its journal's first line a moment later. Only those folders
 * are read again, so a damaged one costs one small read a second.
 */
const REREAD_MS = 1000;

/** An entry of a runs folder that may be a run's folder. */
function isRunFolderName(name: string): boolean {
  return name !== "" && name !== LATEST_FILE && !name.startsWith(".");
}

/**
 * The newest run of `workflow` started from the file at `source` (an
 * absolute path), or from the path it had before it was renamed or moved
 * (same steps, the old path gone), with its result when it has one;
 * undefined when no run record exists.
 */
export function findLastRun(source: string, workflow: string): LastRun | undefined {
  const summary = findWorkflowRuns(source, workflow)?.runs[0];
  return summary && { summary, result: readResult(summary.dir) };
}

/**
 * The runs of `workflow` started from the file at `source` (or from the path
 * it had before it was renamed or moved), newest first, in the nearest
 * folder above the file that has any; undefined when none has.
 */
export function findWorkflowRuns(source: string, workflow: string): WorkflowRuns | undefined {
  let folder = dirname(source);
  for (let level = 0; level < MAX_LEVELS; level++) {
    const runsDir = runsDirOf(folder);
    const runs = runsIn(runsDir, workflow, source);
    if (runs.length > 0) return { runsDir, runs };
    const parent = dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  return undefined;
}

function runsIn(runsDir: string, workflowId: string, source: string): RunSummary[] {
  let entries: string;
  try {
    entries = readdirSync(runsDir).sort().join("\n");
  } catch {
    cache.delete(runsDir);
    return [];
  }
  let cached = cache.get(runsDir);
  if (cached?.entries !== entries) {
    cached = listed(runsDir, entries);
    cache.set(runsDir, cached);
  } else if (cached.unread.length > 0 && Date.now() >= cached.rereadAt) {
    reread(runsDir, cached);
  }
  const key = `${workflowId}\n${source}`;
  let runs = cached.byWorkflow.get(key);
  if (!runs) {
    // A file renamed or moved since keeps its runs, as `momoflow rollback <file>` finds them.
    const sourceSteps = fileStepDefinitions(source);
    runs = cached.all.filter(
      (run) =>
        run.workflowId === workflowId &&
        (run.source === source || isMovedSourceRun(run, sourceSteps)),
    );
    cached.byWorkflow.set(key, runs);
  }
  return runs;
}

function listed(runsDir: string, entries: string): ListedRuns {
  const all = listRuns(runsDir).reverse();
  const read = new Set(all.map((run) => basename(run.dir)));
  const unread = entries.split("\n").filter((name) => isRunFolderName(name) && !read.has(name));
  return { entries, all, byWorkflow: new Map(), unread, rereadAt: Date.now() + REREAD_MS };
}

/** Reads again the folders that held no readable run; those that now do join the list. */
function reread(runsDir: string, runs: ListedRuns): void {
  const found: RunSummary[] = [];
  runs.unread = runs.unread.filter((name) => {
    const summary = readRunSummary(join(runsDir, name));
    if (summary) found.push(summary);
    return !summary;
  });
  runs.rereadAt = Date.now() + REREAD_MS;
  if (found.length === 0) return;
  // Newest first, as `listRuns` orders them oldest first.
  runs.all = [...runs.all, ...found].sort(
    (a, b) => b.startTime - a.startTime || b.runId.localeCompare(a.runId),
  );
  runs.byWorkflow.clear();
}

function readResult(runDir: string): RunResultFile | undefined {
  try {
    return readResultFile(runRecordPaths(runDir).result);
  } catch {
    // Half-written or damaged: as if the run had not finished.
    return undefined;
  }
}

/** `success · 20 ms` (status alone for a step that never ran an attempt). */
export function stepMetricsLabel(step: ResultStep): string {
  return step.attempts > 0
    ? `${step.status} · ${formatDuration(step.metrics.durationMs)}`
    : step.status;
}

/**
 * `` `success` in 20 ms, memory 3.2 MB peak `` (or `+1.2 MB heap`, or `not
 * measured`; with the attempts when there were several).
 */
export function stepMetricsSentence(step: ResultStep): string {
  if (step.attempts === 0) return `\`${step.status}\``;
  const attempts = step.attempts > 1 ? ` after ${step.attempts} attempts` : "";
  return (
    `\`${step.status}\`${attempts} in ${formatDuration(step.metrics.durationMs)}, ` +
    `memory ${stepMemoryText(step)}`
  );
}

/** A step's memory figure with its kind, or `not measured`. */
export function stepMemoryText(step: ResultStep): string {
  const memory = stepMemoryOf(step.metrics);
  return memory ? formatStepMemory(memory) : "not measured";
}

/** `2026-11-25 18:11:18 UTC`: when a run started, the same for everyone reading it. */
export function runStartText(epochMs: number): string {
  return new Date(epochMs)
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, " UTC");
}
