import assert from "node:assert/strict";
import { runCli, startCli, type CliOutcome } from "./cli-process";
import { said } from "./cli-said";
import { latestRunDir } from "./run-record-files";
import { writeWorkflow } from "./workflow-files";

/** A workflow written and run by `momoflow run`, and the record the run left. */
export interface RecordedRun {
  /** The workflow file. */
  file: string;
  /** The working directory the run ran in (its record is below it). */
  workdir: string;
  /** How `momoflow run` ended and what it printed. */
  out: CliOutcome;
  /** The run's folder under `.momoflow/runs`. */
  runDir: string;
}

/**
 * Writes `text` as workflow file `name` under `dir` (see {@link writeWorkflow}),
 * runs it to its end with `momoflow run` and `args`, checks that it exited
 * `code`, and finds the folder of the run it recorded.
 */
export async function runRecorded(
  dir: string,
  name: string,
  text: string,
  code: number,
  args: readonly string[] = [],
): Promise<RecordedRun> {
  const { file, workdir } = writeWorkflow(dir, name, text);
  const out = await runCli(["run", file, "--workdir", workdir, ...args], workdir);
  assert.equal(out.code, code, said(out));
  return { file, workdir, out, runDir: recordedRunDir(workdir, out) };
}

/**
 * Like {@link runRecorded}, but the run is killed (SIGKILL, by the engine's
 * test hook) right after it writes a journal line holding `line`: what is
 * left is the record of a crash.
 */
export async function killedRecorded(
  dir: string,
  name: string,
  text: string,
  line: string,
  args: readonly string[] = [],
): Promise<RecordedRun> {
  const { file, workdir } = writeWorkflow(dir, name, text);
  const out = await startCli(["run", file, "--workdir", workdir, ...args], workdir, {
    MOMOFLOW_TEST_KILL_AFTER_LINE_WITH: line,
  }).done;
  assert.equal(out.signal, "SIGKILL", said(out));
  return { file, workdir, out, runDir: recordedRunDir(workdir, out) };
}

/** The folder of the run `out` recorded under `workdir`; fails when there is none. */
function recordedRunDir(workdir: string, out: CliOutcome): string {
  const runDir = latestRunDir(workdir);
  assert.ok(runDir, `no run record under ${workdir}:\n${said(out)}`);
  return runDir;
}
