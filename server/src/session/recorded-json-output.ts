/**
 * The JSON output a step recorded in the latest finished run of its
 * workflow, for completion of the output's fields: its shape is known only
 * once the step ran. Read lazily, at a completion request that asks for it;
 * each run's `result.json` is parsed once and kept while the file is the
 * same (its time and size), and the runs of a workflow are listed again only
 * when the runs folder's entries changed (see `last-run.ts`).
 */
import { statSync } from "node:fs";
import { readResultFile, runRecordPaths, type RunResultFile } from "@momoflow/record";
import { findWorkflowRuns } from "./last-run";

/** A step's output as a finished run recorded it. */
export interface RecordedJsonOutput {
  /** An object or a list: the parsed value the run kept. */
  value: object;
  /** The run that recorded it. */
  runId: string;
}

/**
 * How many of a workflow's newest runs are searched for one that finished
 * and recorded the step: one running or killed, or one that stopped before
 * the step, is passed over, but a completion never reads a long history.
 */
const MAX_RUNS_SEARCHED = 10;

/** How many runs' parsed results are kept (the runs completion asked about last). */
const MAX_KEPT_RESULTS = 16;

/** Parsed `result.json` files by run folder, with the stamp of the file they were read from. */
const results = new Map<string, { stamp: string; result: RunResultFile | undefined }>();

/**
 * What step `stepId` (a record's id: `stats`, `convert[1]`, `release/stats`)
 * of `workflow`, in the file at `source`, output in the newest finished run
 * of it that recorded an output for that step. Undefined when there is none,
 * or when what it recorded is no object or list: text, or a secret, which
 * the record keeps as `***` — never a guess.
 */
export function recordedJsonOutput(
  source: string,
  workflow: string,
  stepId: string,
): RecordedJsonOutput | undefined {
  const runs = findWorkflowRuns(source, workflow)?.runs ?? [];
  for (const run of runs.slice(0, MAX_RUNS_SEARCHED)) {
    const result = resultOf(run.dir);
    const output = result?.steps.find((s) => s.id === stepId)?.output;
    if (output === undefined || output === null) continue;
    return typeof output === "object" ? { value: output, runId: result!.runId } : undefined;
  }
  return undefined;
}

/** The run's result, undefined while it has none (running, killed) or when it is damaged. */
function resultOf(runDir: string): RunResultFile | undefined {
  const path = runRecordPaths(runDir).result;
  let stamp: string;
  try {
    const stat = statSync(path);
    stamp = `${stat.mtimeMs}:${stat.size}`;
  } catch {
    return undefined;
  }
  const kept = results.get(runDir);
  if (kept?.stamp === stamp) return kept.result;
  const result = readResultFile(path);
  results.delete(runDir);
  results.set(runDir, { stamp, result });
  // Forget the run asked about longest ago (a Map iterates in insertion order).
  if (results.size > MAX_KEPT_RESULTS) results.delete(results.keys().next().value!);
  return result;
}
