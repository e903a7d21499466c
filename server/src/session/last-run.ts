/**
 * The last finished run of a workflow, from the run records under
 * `<folder>/.momoflow/runs`: the folder is the nearest one above the workflow's
 * file that has run records for it (the workspace folder, where the editor
 * runs workflows, or any folder a run was started in above the file); and
 * its figures in words, as the CLI's summary shows them (same units, same
 * memory figure: a shell action's peak or an in-process step's heap growth,
 * saying which), for hover and inlay hints; and the JSON a step printed in
 * it, for completion.
 */
import { readdirSync } from "node:fs";
import { dirname } from "node:path";
import {
  readResultFile,
  type RunResultFile,
  findLatestRun,
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

/**
 * Per runs folder: its entries when last listed, and the latest run found
 * per workflow and file. Listing runs reads a line of every journal, so it
 * is only done again when a run appeared or disappeared.
 */
const cache = new Map<string, { entries: string; latest: Map<string, RunSummary | undefined> }>();

/**
 * The newest run of `workflow` started from the file at `source` (an
 * absolute path), or from the path it had before it was renamed or moved
 * (same steps, the old path gone), with its result when it has one;
 * undefined when no run record exists.
 */
export function findLastRun(source: string, workflow: string): LastRun | undefined {
  let folder = dirname(source);
  for (let level = 0; level < MAX_LEVELS; level++) {
    const summary = latestIn(runsDirOf(folder), workflow, source);
    if (summary) return { summary, result: readResult(summary.dir) };
    const parent = dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  return undefined;
}

function latestIn(runsDir: string, workflowId: string, source: string): RunSummary | undefined {
  let entries: string;
  try {
    entries = readdirSync(runsDir).sort().join("\n");
  } catch {
    cache.delete(runsDir);
    return undefined;
  }
  let cached = cache.get(runsDir);
  if (cached?.entries !== entries) {
    cached = { entries, latest: new Map() };
    cache.set(runsDir, cached);
  }
  const key = `${workflowId}\n${source}`;
  if (!cached.latest.has(key))
    cached.latest.set(
      key,
      // A file renamed or moved since keeps its runs, as `momoflow rollback <file>` finds them.
      findLatestRun(runsDir, { workflowId, source, sourceSteps: fileStepDefinitions(source) }),
    );
  return cached.latest.get(key);
}

function readResult(runDir: string): RunResultFile | undefined {
  try {
    return readResultFile(runRecordPaths(runDir).result);
  } catch {
    // Half-written or damaged: as if the run had not finished.
    return undefined;
  }
}

/**
 * What a step with `output: json` printed in the last finished run of
 * `workflow` from the file at `source`, parsed: an object or a list.
 * Undefined when there is no finished run, the step did not succeed in it, or
 * its output was no object or list — never a guess.
 */
export function lastJsonOutput(source: string, workflow: string, step: string): unknown {
  const recorded = findLastRun(source, workflow)?.result?.steps.find((s) => s.id === step);
  if (recorded?.status !== "success") return undefined;
  const output = recorded.output;
  return typeof output === "object" && output !== null ? output : undefined;
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
