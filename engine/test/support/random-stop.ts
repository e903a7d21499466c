import { resolve } from "node:path";
import { treeState } from "./tree-state";
import { runCli, startCli, waitFor, type CliOutcome } from "./cli-process";
import { latestRunDir, recordedStatus } from "./run-record-files";
import { writeSeedTree } from "./seed-tree";
import { seededRandom } from "./seeded-random";
import { treeDiff } from "./tree-diff";

/**
 * The 20-step workflow that is stopped at random moments, with a fan-out of
 * calls (three instances of two called steps) and a `when` on their JSON outputs.
 */
export const RANDOM_STOPS_WORKFLOW = resolve(__dirname, "../faults/fixtures/random-stops.momoflow");
/** The file declares the workflow it calls too. */
const WORKFLOW_ARGS = ["--workflow", "random_stops"];

export type StopSignal = "SIGINT" | "SIGTERM" | "SIGKILL";
export const STOP_SIGNALS: readonly StopSignal[] = ["SIGINT", "SIGTERM", "SIGKILL"];

/** One planned stop: which signal, how long after the run record appeared. */
export interface PlannedStop {
  index: number;
  signal: StopSignal;
  delayMs: number;
}

/** What one stop left behind. `problems` is empty when nothing was lost. */
export interface StopOutcome extends PlannedStop {
  /** The tree equals the one before the run (after the CLI's own rollback, or `momoflow rollback` after SIGKILL). */
  restored: boolean;
  /** A later `momoflow rollback` had nothing to undo and changed nothing. */
  secondRollbackClean: boolean;
  problems: string[];
  /** What the run and the rollbacks printed, to show with the problems. */
  output: string;
}

/** A stopped run must end (roll back and exit) within this. */
const EXIT_TIMEOUT_MS = 20_000;

/**
 * The stops of a seed: signals in turn (so each gets a third of the tries),
 * each at a moment drawn in [0, 1.1 × runMs] after the run started — a few
 * land while it holds at its last step.
 */
export function planStops(seed: number, tries: number, runMs: number): PlannedStop[] {
  const random = seededRandom(seed);
  return Array.from({ length: tries }, (_, index) => ({
    index,
    signal: STOP_SIGNALS[index % STOP_SIGNALS.length]!,
    delayMs: Math.round(random() * runMs * 1.1),
  }));
}

/**
 * How long the workflow takes when nothing stops it (its last step holds for
 * 1 ms instead of 30 s), measured once on `workdir`; then that run is rolled
 * back, which must restore the tree like any other.
 */
export async function measureRun(workdir: string): Promise<number> {
  writeSeedTree(workdir);
  const before = treeState(workdir);
  const run = await runCli(
    [
      "run",
      RANDOM_STOPS_WORKFLOW,
      ...WORKFLOW_ARGS,
      "--workdir",
      workdir,
      "--param",
      "hold=1ms",
      "--json",
    ],
    workdir,
  );
  if (run.code !== 0) throw new Error(`the unstopped run failed (${run.code}):\n${run.stderr}`);
  const result = JSON.parse(run.stdout) as { runDir: string; metrics: { durationMs: number } };
  const undo = await runCli(["rollback", result.runDir], workdir);
  const diff = treeDiff(before, treeState(workdir));
  if (undo.code !== 0 || diff.length > 0) {
    throw new Error(
      `rolling back the unstopped run did not restore the tree (exit ${undo.code}):\n${diff.join("\n")}\n${undo.stdout}${undo.stderr}`,
    );
  }
  return result.metrics.durationMs;
}

/**
 * Seeds `workdir` (an empty folder), runs the workflow there, stops it with
 * the planned signal at the planned moment and checks what is left: after
 * SIGINT or SIGTERM the CLI cancels and rolls back itself (exit 130, status
 * `cancelled`); after SIGKILL `momoflow rollback <run dir>` does it. Either
 * way the tree must equal the one before the run, and a further
 * `momoflow rollback` must find nothing to undo and change nothing.
 */
export async function stopAndCheck(workdir: string, stop: PlannedStop): Promise<StopOutcome> {
  writeSeedTree(workdir);
  const before = treeState(workdir);
  const problems: string[] = [];
  const { child, done } = startCli(
    ["run", RANDOM_STOPS_WORKFLOW, ...WORKFLOW_ARGS, "--workdir", workdir],
    workdir,
  );
  let exited: CliOutcome | undefined;
  try {
    await waitFor(() => latestRunDir(workdir) !== undefined, "the run record to appear", 30_000);
    await new Promise((r) => setTimeout(r, stop.delayMs));
    child.kill(stop.signal);
    exited = await Promise.race([done, timeAfter(EXIT_TIMEOUT_MS)]);
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
  if (!exited) {
    const killed = await done;
    return {
      ...stop,
      restored: false,
      secondRollbackClean: false,
      problems: [`the run did not exit within ${EXIT_TIMEOUT_MS} ms after ${stop.signal}`],
      output: `--- run, killed after it hung ---\n${killed.stdout}${killed.stderr}`,
    };
  }
  const runDir = latestRunDir(workdir)!;
  let output = `--- run (exit ${exited.code ?? exited.signal}) ---\n${exited.stdout}${exited.stderr}`;

  if (stop.signal === "SIGKILL") {
    const undo = await runCli(["rollback", runDir], workdir);
    output += `--- momoflow rollback (exit ${undo.code}) ---\n${undo.stdout}${undo.stderr}`;
    if (undo.code !== 0) problems.push(`momoflow rollback exited ${undo.code}`);
  } else {
    if (exited.code !== 130)
      problems.push(`the run exited ${exited.code ?? exited.signal}, not 130`);
    const status = recordedStatus(runDir);
    if (status !== "cancelled")
      problems.push(`result.json says ${status ?? "nothing"}, not cancelled`);
  }
  const diff = treeDiff(before, treeState(workdir));
  if (diff.length > 0) problems.push(`the tree is not restored:\n  ${diff.join("\n  ")}`);

  const afterFirst = treeState(workdir);
  const again = await runCli(["rollback", runDir], workdir);
  output += `--- second momoflow rollback (exit ${again.code}) ---\n${again.stdout}${again.stderr}`;
  const changed = treeDiff(afterFirst, treeState(workdir));
  const secondRollbackClean =
    again.code === 0 && /nothing to undo/.test(again.stdout) && changed.length === 0;
  if (!secondRollbackClean) {
    const what = changed.length ? `:\n  ${changed.join("\n  ")}` : "";
    problems.push(`a second momoflow rollback was not clean (exit ${again.code})${what}`);
  }
  return { ...stop, restored: diff.length === 0, secondRollbackClean, problems, output };
}

/** Resolves with undefined after `ms`. */
function timeAfter(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms).unref());
}
