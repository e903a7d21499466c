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

/**
 * A run's `result.json` larger than this is not read for completion: parsed
 * at a keystroke, a run of many steps (100,000: ~30 MB) would hold the
 * server for a good part of a second and keep its whole parsed result.
 */
export const MAX_RESULT_BYTES = 8 * 1024 * 1024;

/** What completion keeps of a run's `result.json`: its id and each step's recorded output, nothing else of it. */
interface KeptOutputs {
  runId: string;
  outputs: Map<string, unknown>;
}

/** What was kept of each run's `result.json`, by run folder, with the stamp of the file it was read from. */
const results = new Map<string, { stamp: string; kept: KeptOutputs | undefined }>();

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
    const kept = outputsOf(run.dir);
    const output = kept?.outputs.get(stepId);
    if (output === undefined || output === null) continue;
    return typeof output === "object" ? { value: output, runId: kept!.runId } : undefined;
  }
  return undefined;
}

/** The run's outputs, undefined while it has no result (running, killed), when it is damaged or too large to read. */
function outputsOf(runDir: string): KeptOutputs | undefined {
  const path = runRecordPaths(runDir).result;
  let stamp: string;
  let size: number;
  try {
    const stat = statSync(path);
    stamp = `${stat.mtimeMs}:${stat.size}`;
    size = stat.size;
  } catch {
    return undefined;
  }
  const known = results.get(runDir);
  if (known?.stamp === stamp) return known.kept;
  const kept = size > MAX_RESULT_BYTES ? undefined : keptOutputs(readResultFile(path));
  results.delete(runDir);
  results.set(runDir, { stamp, kept });
  // Forget the run asked about longest ago (a Map iterates in insertion order).
  if (results.size > MAX_KEPT_RESULTS) results.delete(results.keys().next().value!);
  return kept;
}

/**
 * The outputs of `result`. Text is kept too (a secret's `***` among it): the
 * newest run that recorded the step as text offers nothing, as it is.
 */
function keptOutputs(result: RunResultFile | undefined): KeptOutputs | undefined {
  if (result === undefined) return undefined;
  const outputs = new Map<string, unknown>();
  for (const step of result.steps) {
    if (step.output !== undefined && step.output !== null) outputs.set(step.id, step.output);
  }
  return { runId: result.runId, outputs };
}
