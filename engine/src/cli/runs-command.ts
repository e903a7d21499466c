import { runFolderOfArgument } from "./latest-run-argument";
import { existsSync, statSync } from "node:fs";
import { basename, resolve } from "node:path";
import { fileStepDefinitions } from "../language/definition/file-step-definitions";
import { isMovedSourceRun } from "../record/moved-source-run";
import { listRuns, readRunSummary, type RunSummary } from "../record/run-index";
import { runRecordPaths, runsDirOf } from "../record/run-paths";
import { unstartedRunFolderReason } from "../record/unstarted-run-folder";
import { runState, type RunState } from "../record/run-state";
import { oneArgument, parseCommandArgs } from "./command-args";
import { shownPath } from "./diagnostic-format";
import { isMomoflowFile } from "./momoflow-files";
import { formatRunDetail } from "./run-detail";
import { formatRunsTable, type ListedRun } from "./runs-table";
import { styleFor } from "./terminal-style";
import { UsageError } from "./usage-error";
import { runsElsewhereLine } from "./ancestor-runs";
import { workflowWorkingDirectory } from "./working-directory";
import { shellQuote } from "../commands/shell-quote";

export const runsHelp = `Usage: momoflow runs [file | run] [options]

Lists the runs recorded in a working folder (.momoflow/runs), newest first:
when each started, its workflow, how it stands, how long it took, how many of
its steps succeeded, and its run id. A run with no recorded end is "running
(pid N)" while its process lives, "killed" once it is gone (its steps may be
half-done: momoflow rollback undoes them). Given a workflow file, only its
runs (also those from before it was renamed or moved), in its folder. Given a
run (its folder, its id, or a part of its id only it holds, such as its last
six letters), that run in full: the summary table it printed as it ended (as
its rollbacks left it), and the undos a rollback ran again because an earlier
one stopped them part-way.

Options:
  --workflow ID        only the runs of this workflow
  --workdir DIR        the working folder whose runs to list (default: the
                       folder of the file, or the current folder)
  --last N             the N newest runs (default: 20)
  --all                every run
  --json               the runs as JSON (schemas/run-list.schema.json)
  -h, --help           show this help

Exit codes: 0 listed (also none), 2 bad usage, a working folder that is not
there, or no such run.
`;

/** Runs shown when neither --last nor --all is given. */
const DEFAULT_LAST = 20;

/** `momoflow runs`: returns the exit code. */
export async function runsCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs("runs", {
    args: argv,
    allowPositionals: true,
    options: {
      workflow: { type: "string" },
      workdir: { type: "string" },
      last: { type: "string" },
      all: { type: "boolean" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write(runsHelp);
    return 0;
  }
  const given =
    positionals.length > 0
      ? oneArgument("runs", positionals, "at most one workflow file or run", runsHelp)
      : undefined;
  const path = given === undefined ? undefined : runFolderOfArgument(resolve(given));
  const isFolder = path !== undefined && existsSync(path) && statSync(path).isDirectory();
  const file = path !== undefined && existsSync(path) && !isFolder ? path : undefined;
  const last = lastOption(values.last, values.all);
  const workdir = resolve(
    values.workdir ?? (file ? workflowWorkingDirectory(file).path : process.cwd()),
  );
  if (!existsSync(workdir) || !statSync(workdir).isDirectory())
    throw new UsageError(`${values.workdir ?? workdir}: no such folder (so no runs to list)`);
  const runsDir = runsDirOf(workdir);
  if (given !== undefined && file === undefined) {
    const run = isFolder ? runOfFolder(given, path!) : runNamed(given, runsDir);
    return showRun(run, values.json === true, runsDir);
  }
  const all = listRuns(runsDir).filter(
    (run) =>
      (values.workflow === undefined || run.workflowId === values.workflow) &&
      (file === undefined || ofFile(run, file)),
  );
  const shown = (last === undefined ? all : all.slice(-last)).reverse();
  const listed: ListedRun[] = shown.map((summary) => ({ summary, state: runState(summary) }));
  if (values.json)
    process.stdout.write(JSON.stringify(runListJson(runsDir, listed, all.length), null, 2) + "\n");
  else if (listed.length === 0) {
    process.stdout.write(
      `no runs recorded in ${shownPath(runsDir)}${filterText(values.workflow, file)}\n`,
    );
    const elsewhere = file && runsElsewhereLine(file, runsDir, values.workflow);
    if (elsewhere) process.stdout.write(elsewhere + "\n");
  } else process.stdout.write(listText(listed, all.length));
  return 0;
}

/** The table of `listed`, newest first, and what it leaves out or asks to be done. */
function listText(listed: readonly ListedRun[], total: number): string {
  let text = formatRunsTable(listed, styleFor(process.stdout)) + "\n";
  const notes: string[] = [];
  const earlier = total - listed.length;
  if (earlier > 0)
    notes.push(`${earlier} earlier run${earlier === 1 ? "" : "s"} not shown (--all shows them)`);
  // A resumed one's steps belong to the run that resumed it: its rollback undoes them.
  const killed = listed.find((run) => run.state.kind === "killed" && !run.state.resumedBy);
  if (killed)
    notes.push(
      `a killed run's steps may be half-done: momoflow rollback ${shellQuote(shownPath(killed.summary.dir))} undoes them`,
    );
  if (notes.length > 0) text += "\n" + notes.map((n) => `  ${n}\n`).join("");
  return text;
}

/** One run, in full: its summary table, or its entry of the list with --json. */
function showRun(run: RunSummary, json: boolean, runsDir: string): number {
  if (json) {
    const listed = [{ summary: run, state: runState(run) }];
    process.stdout.write(JSON.stringify(runListJson(runsDir, listed, 1), null, 2) + "\n");
  } else process.stdout.write(formatRunDetail(run, styleFor(process.stdout)));
  return 0;
}

/** The run recorded in the folder `given` (at `path`). */
function runOfFolder(given: string, path: string): RunSummary {
  const run = readRunSummary(path);
  if (run) return run;
  if (!existsSync(runRecordPaths(path).journal))
    throw new UsageError(`${given}: not a run folder (it holds no run journal)`);
  const why =
    unstartedRunFolderReason(path) ??
    "its run journal's first line (its run_started) cannot be read";
  throw new UsageError(`${given}: not a run record: ${why}`);
}

/**
 * The run `name` names in `runsDir`: its id, or a part of it that only one
 * run's id holds (its last six letters, say, as a short commit hash is taken).
 */
function runNamed(name: string, runsDir: string): RunSummary {
  const runs = listRuns(runsDir);
  const exact = runs.find((run) => run.runId === name || basename(run.dir) === name);
  if (exact) return exact;
  const holding = runs.filter((run) => run.runId.includes(name));
  if (holding.length === 1) return holding[0]!;
  if (holding.length > 1)
    throw new UsageError(
      `${name}: ${holding.length} runs in ${shownPath(runsDir)} have it in their id (${holding
        .slice(-3)
        .map((run) => run.runId)
        .join(", ")}${holding.length > 3 ? ", …" : ""}); give more of it`,
    );
  throw new UsageError(`${name}: no such file, run folder, or run in ${shownPath(runsDir)}`);
}

/** `--last N` as a count, or undefined for every run. */
function lastOption(given: string | undefined, all: boolean | undefined): number | undefined {
  if (all) {
    if (given !== undefined) throw new UsageError("--last and --all: give one of them");
    return undefined;
  }
  if (given === undefined) return DEFAULT_LAST;
  const n = Number(given);
  if (!/^\d+$/.test(given) || n < 1)
    throw new UsageError(`--last ${given}: expected a whole number of runs, at least 1`);
  return n;
}

/** A run of `file`: started from it, or from where it was before a rename or move (a .momoflow file). */
function ofFile(run: RunSummary, file: string): boolean {
  if (run.source === file) return true;
  if (!isMomoflowFile(file)) return false;
  steps ??= { file, of: fileStepDefinitions(file) };
  return isMovedSourceRun(run, steps.of);
}
/** The step digests of the file given, read once for every run that needs them. */
let steps: { file: string; of: ReturnType<typeof fileStepDefinitions> } | undefined;

function filterText(workflow: string | undefined, file: string | undefined): string {
  const parts = [
    ...(workflow !== undefined ? [`workflow ${workflow}`] : []),
    ...(file !== undefined ? [`file ${shownPath(file)}`] : []),
  ];
  return parts.length > 0 ? ` for ${parts.join(", ")}` : "";
}

/** What `--json` prints: schemas/run-list.schema.json. */
function runListJson(runsDir: string, runs: readonly ListedRun[], total: number): object {
  return {
    runsDir,
    total,
    runs: runs.map(({ summary, state }) => ({
      runId: summary.runId,
      dir: summary.dir,
      workflowId: summary.workflowId,
      ...(summary.source !== undefined ? { source: summary.source } : {}),
      startTime: summary.startTime,
      ...stateJson(state),
    })),
  };
}

function stateJson(state: RunState): object {
  switch (state.kind) {
    case "ended": {
      const { kind: _kind, ...rest } = state;
      return rest;
    }
    case "running":
      return { status: "running", pid: state.pid };
    case "killed":
      return state.resumedBy === undefined
        ? { status: "killed" }
        : { status: "killed", resumedBy: state.resumedBy };
    case "damaged":
      return { status: "damaged", problem: state.problem };
  }
}
