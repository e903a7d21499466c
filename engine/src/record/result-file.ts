import { stringifyExactly } from "../runtime/exact-number";
import type { RecordedWorkflow } from "./recorded-workflow";
import { stringifyForRecord } from "./json-stand-ins";
import { recordedOutput } from "./recorded-output";
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import type { ExecutionMetrics } from "../runtime/metrics";
import type { StepStatus, WorkflowStatus } from "../runtime/status";
import type { StepOutcomeDetails } from "../runtime/step-outcome-details";
import { RECORD_FORMAT_VERSION, type JournalStepInfo } from "./journal-event";
import { RecordWriteError } from "./record-write-error";
import { resultFileBytes } from "./result-file-bytes";
import { processWarm } from "../runtime/process-warmth";
import type { KeptMetricsBytes } from "./kept-metrics-bytes";
import type { UndoRunAgain } from "../runtime/rollback-undos-run-again";
import type { FoundUndone } from "./found-undone-text";

/**
 * A step of `result.json`: its info as the run's first line gave it (but its
 * undo's time limit, which only `momoflow rollback` reads, from the journal),
 * and its outcome.
 */
export interface ResultStep extends Omit<JournalStepInfo, "rollbackTimeoutMs">, StepOutcomeDetails {
  status: StepStatus;
  attempts: number;
  metrics: ExecutionMetrics;
  /**
   * The runs (resumed by this one) whose attempts of the step a rollback
   * undid, while what this run did in it was left as it is: the step is
   * irreversible now, or has nothing to undo (`rollback: none`). Its status
   * is then its own attempt's, not `rolled_back`.
   */
  earlierUndone?: string[];
}

/** The shape of `result.json`, written when a run ends and updated by a later rollback. */
export interface RunResultFile {
  v: typeof RECORD_FORMAT_VERSION;
  runId: string;
  workflow: RecordedWorkflow;
  source?: string;
  /** What each step runs as written, by step id, as `run_started` recorded it. */
  stepDefinitions?: Readonly<Record<string, string>>;
  workdir: string;
  status: WorkflowStatus;
  error?: string;
  metrics: ExecutionMetrics;
  successRate: number;
  rolledBackSteps: string[];
  steps: ResultStep[];
  /** The run this one resumes. */
  resumedFrom?: string;
  /** The run that resumed this one: it owns this run's completed steps, and its rollback undoes them. */
  resumedBy?: string;
  /**
   * The undos that a rollback ran from their start because an earlier one
   * did not finish them (killed at them, or gave them up), each rollback's, in
   * the order they ended; as `momoflow rollback --json` says them. Absent
   * when none was.
   */
  undosRunAgain?: UndoRunAgain[];
  /**
   * The steps whose logs miss some of what they printed: a write to the
   * run's logs failed (a full disk) and they stopped being written, or, for
   * a step run on a worker, to its log there. Absent when every log is whole.
   */
  incompleteLogs?: string[];
  /**
   * The worker of each of the {@link incompleteLogs} whose log was cut short
   * on the worker that ran it (`run --on`, that worker's full disk), not in
   * this record, by step id. Absent when none was.
   */
  incompleteLogsOn?: Record<string, string>;
  /**
   * The steps a rollback found undone already on the workers that ran them
   * (`run --on`: their journals showed an undo an earlier rollback had sent
   * them), so it did not undo them again; every rollback's, the first for
   * each step. Absent when none was.
   */
  foundUndone?: FoundUndone[];
}

/**
 * A run's result as `result.json` keeps it, each step's output cut as
 * {@link recordedOutput} does: what `momoflow run --json` prints. Give it
 * the masked result: a secret is masked whole before the cut, never half.
 */
export function withRecordedOutputs<R extends { steps: { output?: unknown }[] }>(result: R): R {
  return {
    ...result,
    steps: result.steps.map((step) =>
      step.output === undefined ? step : { ...step, output: recordedOutput(step.output) },
    ),
  };
}

/** Runs up to this many steps get an indented result.json; larger ones a compact one (it is for programs). */
const PRETTY_MAX_STEPS = 200;

/**
 * Whether a run of `steps` steps gets its `result.json` encoded by hand (a
 * large one, in a warm process): only then is keeping its journal lines'
 * metrics bytes worth it (see {@link KeptMetricsBytes}).
 */
export function resultStepsByHand(steps: number): boolean {
  return steps > PRETTY_MAX_STEPS && processWarm();
}

/**
 * Writes `result.json` atomically (a reader never sees half a file).
 *
 * @param builtInThisRun the file was built by the run that measured its
 *   steps (their metrics have the engine's own fields): a large one is then
 *   encoded by hand, the same bytes at a fraction of the cost once compiled
 *   (from a process's second run on). A file read
 *   back from disk (a later rollback) may hold fields of older versions, so
 *   it goes through `JSON.stringify`.
 * @param kept the bytes the run's journal lines wrote for its steps'
 *   metrics, copied instead of encoding them again (see {@link KeptMetricsBytes}).
 * @throws RecordWriteError when it cannot be written (a full disk): the
 *   previous file, if any, is left as it was, and no temporary file remains.
 */
export function writeResultFile(
  path: string,
  result: RunResultFile,
  builtInThisRun = false,
  kept?: KeptMetricsBytes,
): void {
  const tmp = `${path}.${process.pid}.tmp`;
  const text = resultFileText(result, builtInThisRun, kept);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw new RecordWriteError(path, error);
  }
}

/** The file's text; an output JSON cannot hold (a BigInt, a cycle) gets its stand-in, as in the journal. */
function resultFileText(
  result: RunResultFile,
  builtInThisRun: boolean,
  kept: KeptMetricsBytes | undefined,
): string | Buffer {
  const pretty = result.steps.length <= PRETTY_MAX_STEPS;
  try {
    if (pretty) return stringifyExactly(result, 2) + "\n";
    // In a process's first run the encoder would run in the interpreter: see process-warmth.ts.
    return builtInThisRun && processWarm()
      ? resultFileBytes(result, kept)
      : stringifyExactly(result) + "\n";
  } catch {
    return stringifyForRecord(result, pretty ? 2 : undefined) + "\n";
  }
}

/**
 * Reads `result.json`, or undefined when the run never finished (no file) or
 * the file is damaged (not JSON): listing runs must never fail on one bad record.
 */
export function readResultFile(path: string): RunResultFile | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text) as RunResultFile;
  } catch {
    return undefined;
  }
}
