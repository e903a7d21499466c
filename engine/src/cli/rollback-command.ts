import { runFolderOfArgument } from "./latest-run-argument";
import { existsSync, statSync } from "node:fs";
import { foundUndoneLine } from "../record/found-undone-text";
import { escapedControlCharacters } from "../commands/escaped-control-characters";
import { basename, join, resolve } from "node:path";
import type { WorkflowDefinition } from "../runtime/definition";
import { errorMessage } from "../runtime/step";
import { findLatestRun } from "../record/run-index";
import { unstartedRunFolderReason } from "../record/unstarted-run-folder";
import { runRecordPaths, runsDirOf } from "../record/run-paths";
import {
  rollbackRun,
  RunInProgressError,
  RunResumedError,
  type RollbackReport,
} from "../runtime/rollback-run";
import { ProgressReporter } from "./progress-reporter";
import { styleFor, type TerminalStyle } from "./terminal-style";
import { UsageError } from "./usage-error";
import { oneArgument, parseCommandArgs } from "./command-args";
import { latestRunHint } from "./latest-run-hint";
import { readJournal } from "../record/journal-reader";
import { undoParamReferences } from "../record/undo-param-references";
import { nearestNames } from "../language/edit-distance";
import { getCommandRegistry } from "../commands/registry";
import { loadDistributed } from "./distributed-module";
import { ranOnWorkers } from "./run-on-workers";
import { MASK } from "../runtime/secret-mask";
import { secretParamVariable } from "../runtime/secret-param-source";
import { parseParams } from "./run-command";
import { isMomoflowFile } from "./momoflow-files";
import { loadMomoflowWorkflow } from "./momoflow-workflow";
import { shownPath } from "./diagnostic-format";
import { loadWorkflowModule } from "./workflow-module";
import { usableWorkingDirectory, workflowWorkingDirectory } from "./working-directory";
import { leftToUndo, stopRollbackOnInterrupt } from "./rollback-interrupt";
import { STOPPED_BEFORE_ROLLBACK } from "./rollback-early-stop";
import { leaveGivenUpWorkBehind } from "./leave-given-up-work";
import { fileStepDefinitions } from "../language/definition/file-step-definitions";
import { noRunMessage } from "./no-run-found";
import { countedStepNames, STEPS_NAMED_IN_FULL, stepNamesText } from "./step-names-text";
import { undoRunAgainLine } from "../record/undo-run-again-text";

export const rollbackHelp = `Usage: momoflow rollback <run-dir | file> [options]

Undoes what a run left to undo, in reverse order, from its run record — also
after the run was killed: its completed steps, and its half-done ones (a step
that failed, timed out or was stopped part-way). Running it twice undoes
nothing twice; rollbacks of one run started at once wait for each other. When
the run was killed, what its shell actions left running (their process groups)
is stopped first: SIGTERM, then SIGKILL after 2 s. So is an undo that a
rollback killed part-way left running, before the step is undone again: the
rollback names it (--json: leftoverProcesses). An undo that an earlier
rollback was killed at (while it ran, or just before it started) or gave up
runs from its start again, and the rollback says so (--json: undosRunAgain).

  <run-dir>            a run record folder (.momoflow/runs/<run-id>); a js()
                       undo is taken from the .momoflow file the record names
                       (for a step it no longer declares, the function the
                       record names is called with its recorded arguments)
  <file>               the latest run of that .momoflow file or workflow module
                       in the working directory (see --workdir); a .momoflow
                       file renamed or moved since its run keeps it when the
                       old path is gone and the workflow's steps are the same

Options:
  --workflow NAME      the latest run of that workflow of the file
  --run ID             that run instead of the latest
  --workdir DIR        where the runs are (default: the folder of a .momoflow
                       file, the current directory for a module)
  --param NAME=VALUE   a secret param the run's undos read (the record keeps
                       only its name); else MOMOFLOW_PARAM_<NAME> is read
  --force              roll back even if the run's process seems alive (one
                       that is the run's is stopped first, as Ctrl+C would, and
                       rolls back what it did itself), and let undos replace
                       files changed since their step wrote them
  --on REDIS-URL       for a run on workers (run --on): the Redis to send the
                       undos through, instead of the address the record keeps
                       (which has no password; MOMOFLOW_REDIS_PASSWORD adds one)
  --json               print the report as JSON
  -h, --help           show this help

Steps that ran on workers are undone by the worker that ran them, one at a
time in reverse order; a step whose worker never reported back, by every
worker whose own record shows it started. A step whose job no worker took
(the run's process was killed while it waited) is taken off the queue, so that
no worker starts it later, and named as never taken (--json: neverTaken); the
record keeps it as not_run (it never started), not rolled_back. A
worker that is not connected leaves its steps as they are (partially rolled
back): roll back again once it is back.

Each undo is given up after its step's rollback_timeout (5 minutes by default):
its processes are stopped and the step stays to undo (rollback_failed). Ctrl+C
(or SIGTERM, SIGHUP) gives up the running undo the same way and starts no
other; a second one exits at once. Run it again to undo what is left.
A js() undo it gave up on (one that ignored its stop signal) does not hold the
process: it exits about 1 s after writing its report.

Exit codes: 0 everything undone that can be (irreversible steps are named and
left as they are) or nothing to undo, 1 some undo failed or the rollback could
not be recorded (a full disk), 2 bad usage, a run record that cannot be read
(damaged, or from a newer momoflow), a run still in progress or one whose
working directory is gone (the project folder moved since: its undos act on
paths there), 130 stopped by Ctrl+C, SIGTERM or SIGHUP.
`;

/** `momoflow rollback`: returns the exit code. */
export async function rollbackCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs("rollback", {
    args: argv,
    allowPositionals: true,
    options: {
      run: { type: "string" },
      workflow: { type: "string" },
      workdir: { type: "string" },
      force: { type: "boolean" },
      param: { type: "string", multiple: true },
      json: { type: "boolean" },
      on: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write(rollbackHelp);
    return 0;
  }
  if (positionals.length === 0) {
    const hint = latestRunHint(resolve(values.workdir ?? "."));
    if (hint)
      throw new UsageError(
        `rollback expects a run folder or a workflow file; ${hint}\n\n${rollbackHelp}`,
      );
  }
  const argument = oneArgument(
    "rollback",
    positionals,
    "a run folder or a workflow file",
    rollbackHelp,
  );
  const params = parseParams(values.param ?? []);
  const target = runFolderOfArgument(resolve(argument));
  if (!existsSync(target)) throw new UsageError(`${argument}: no such file or folder`);

  let runDir: string;
  let definition: WorkflowDefinition | undefined;
  let definitionProblem: string | undefined;
  /** The path the run recorded, when the file was renamed or moved since. */
  let movedFrom: string | undefined;
  if (statSync(target).isDirectory()) {
    runDir = target;
    ({ definition, problem: definitionProblem } = recordedSourceWorkflow(runDir, params));
  } else {
    const module = isMomoflowFile(target) ? undefined : await loadWorkflowModule(target);
    const workflowId = values.workflow ?? module?.id;
    const runsDir = runsDirOf(
      usableWorkingDirectory(values.workdir, "rollback", workflowWorkingDirectory(argument)),
    );
    if (values.run) {
      runDir = join(runsDir, values.run);
      if (!existsSync(runDir)) throw new UsageError(`no run \`${values.run}\` in ${runsDir}`);
    } else {
      // A .momoflow file renamed or moved since keeps its runs: they are found by its steps.
      const sourceSteps = module ? undefined : fileStepDefinitions(target);
      const latest = findLatestRun(runsDir, {
        source: target,
        ...(workflowId ? { workflowId } : {}),
        ...(sourceSteps ? { sourceSteps } : {}),
      });
      if (!latest)
        throw new UsageError(
          noRunMessage({
            given: argument,
            file: target,
            runsDir,
            ...(values.workflow ? { workflow: values.workflow } : {}),
            ...(sourceSteps ? { sourceSteps } : {}),
          }),
        );
      runDir = latest.dir;
      if (latest.source && latest.source !== target) movedFrom = latest.source;
    }
    if (module) definition = module;
    else
      ({ definition, problem: definitionProblem } = recordedMomoflowWorkflow(
        target,
        runDir,
        params,
      ));
  }
  // A folder without a journal is no record; one with an empty journal is a run that ran
  // nothing (a full disk): the rollback finds nothing to undo there, and this says why.
  const unstarted = unstartedRunFolderReason(runDir);
  if (unstarted && !existsSync(runRecordPaths(runDir).journal))
    throw new UsageError(`${runDir}: not a run record: ${unstarted}`);
  refuseUnknownParams(runDir, params);
  refuseMovedWorkdir(runDir);

  const out = values.json ? process.stderr : process.stdout;
  const style = styleFor(out);
  const reporter = new ProgressReporter(out, style, { live: false });
  if (unstarted) out.write(`${runDir}: ${unstarted}\n`);
  if (movedFrom)
    out.write(
      `run ${basename(runDir)} ran from ${shownPath(movedFrom)} (renamed or moved since)\n`,
    );
  const closeRemote = ranOnWorkers(runDir)
    ? loadDistributed().registerRemoteUndo(getCommandRegistry(), {
        ...(values.on ? { on: values.on } : {}),
        ...(process.env.MOMOFLOW_REDIS_PASSWORD
          ? { password: process.env.MOMOFLOW_REDIS_PASSWORD }
          : {}),
      })
    : undefined;
  const stop = stopRollbackOnInterrupt(runDir, process.stderr);
  /** The pid of the rollback of this run that holds its lock, while this one waits for it. */
  let waitingFor: number | undefined;
  try {
    const report = await rollbackRun(runDir, {
      ...(definition ? { definition } : {}),
      ...(definitionProblem ? { definitionProblem } : {}),
      signal: stop.signal,
      ...(values.force ? { force: true } : {}),
      params,
      onEvent: reporter.onEvent,
      onOutput: reporter.onOutput,
      onWait: (pid) => {
        waitingFor = pid;
        out.write(style.dim(`waiting for the rollback of this run by pid ${pid} to finish…\n`));
      },
      onStopRun: (pid) =>
        out.write(
          style.dim(
            `the run is still running (pid ${pid}): stopping it first, as Ctrl+C would (it rolls back what it did itself; SIGKILL after 15 s)…\n`,
          ),
        ),
    })
      .catch((error: unknown) => {
        // Stopped before the lock was ours: nothing was undone here, the other rollback goes on.
        if (stop.signal.aborted && error === stop.signal.reason) return undefined;
        // Refused, nothing undone: bad input, as an unreadable record is.
        if (error instanceof RunResumedError) throw new UsageError(error.message);
        if (error instanceof RunInProgressError)
          throw new UsageError(
            `run ${error.runId} is still in progress (pid ${error.pid}): stop it first, or roll it back anyway with --force`,
          );
        throw error;
      })
      .finally(() => {
        stop.rollbackEnded();
        closeRemote?.();
      });
    if (report === undefined) {
      const why =
        waitingFor === undefined
          ? STOPPED_BEFORE_ROLLBACK
          : `stopped while waiting for the rollback of this run by pid ${waitingFor}: nothing was undone here (that rollback goes on)`;
      process.stderr.write(`momoflow: ${why}\n`);
      return 130;
    }
    const said = saidReport(report);
    if (values.json) process.stdout.write(JSON.stringify(said, null, 2) + "\n");
    else process.stdout.write(describeReport(said, style));
    if (stop.signal.aborted) {
      process.stderr.write(`${leftToUndo(runDir)}\n`);
      return 130;
    }
    return report.failed.length > 0 || report.recordError ? 1 : 0;
  } finally {
    // Its record is written (or could not be): an undo given up must not hold the process.
    leaveGivenUpWorkBehind();
  }
}

/**
 * The .momoflow workflow the run record names as its source, when that file
 * is still there: a `js()` undo is code the record only names, and without it
 * the rollback would fail that step and go on undoing the steps before it.
 */
function recordedSourceWorkflow(runDir: string, given: Record<string, string>): LoadedWorkflow {
  let source: string | undefined;
  try {
    source = readJournal(runRecordPaths(runDir).journal).start.source;
  } catch {
    return {}; // An unreadable record is reported by the rollback itself.
  }
  if (!source || !isMomoflowFile(source) || !existsSync(source)) return {};
  return recordedMomoflowWorkflow(source, runDir, given);
}

/**
 * Refuses a run whose working directory is gone: its record lives in it
 * (`<workdir>/.momoflow/runs`), so the project folder was moved or renamed
 * since, the record with it. Every undo acts on the paths the record names,
 * in the old folder: a file built-in's would find nothing there and count
 * as done, the moved files left as they are. A record whose first line
 * cannot be read is left to the rollback, which says what is wrong with it.
 */
function refuseMovedWorkdir(runDir: string): void {
  let workdir: unknown;
  try {
    workdir = readJournal(runRecordPaths(runDir).journal).start.workdir;
  } catch {
    return;
  }
  if (typeof workdir !== "string" || existsSync(workdir)) return;
  throw new UsageError(
    `the run worked in ${workdir}, which is not there now (moved or removed): its undos act there, so nothing was undone; put the folder back there to roll the run back`,
  );
}

/** A run's workflow, or why it could not be loaded (undefined: not tried). */
interface LoadedWorkflow {
  definition?: WorkflowDefinition;
  problem?: string;
}

/**
 * Refuses a `--param` the run has no param of (a typo): given on, it would be
 * ignored, and an undo reading the secret it was meant for would fail, the
 * run left half rolled back. A secret param of a called workflow that an undo
 * reads (`param.key`, which the run may not have) is one it takes: its
 * error says to give it so. A record whose first line cannot be read is
 * left to the rollback, which says what is wrong with it.
 */
function refuseUnknownParams(runDir: string, given: Record<string, string>): void {
  const names = Object.keys(given);
  if (names.length === 0) return;
  let journal: ReturnType<typeof readJournal>;
  try {
    journal = readJournal(runRecordPaths(runDir).journal);
  } catch {
    return;
  }
  const known = Object.keys(journal.start.variables ?? {});
  let unknown = names.filter((name) => !known.includes(name));
  if (unknown.length === 0) return;
  const read = undoParamReferences(journal.events);
  unknown = unknown.filter((name) => !read.has(name));
  if (unknown.length === 0) return;
  const candidates = [...new Set([...known, ...read])];
  const lines = unknown.map((name) => {
    const [nearest] = nearestNames(name, candidates);
    const hint = nearest ? `; did you mean \`${nearest}\`?` : "";
    return `the run has no param \`${name}\`${hint}`;
  });
  const params = known.length ? `its params: ${known.join(", ")}` : "it has no params";
  // A called workflow's secret (`release/key`): on workers, the worker's journal reads it, from its environment.
  const called = unknown.filter((name) => name.includes("/"));
  const onWorkers =
    called.length > 0 && ranOnWorkers(runDir)
      ? `; its steps ran on workers, which are given no --param (a secret is not sent through Redis): start the worker that ran the step with ${called.map((name) => secretParamVariable(name)).join(", ")} in its environment`
      : "";
  throw new UsageError(`${lines.join("\n")} (${params})${onWorkers}; nothing was undone`);
}

/**
 * The .momoflow workflow of a run, compiled with the params the run recorded:
 * needed only for undo that is code (js actions). Best effort: without it the
 * record alone still undoes every command and shell step, and a step whose
 * undo is code fails with the problem (a secret param not given again, a file
 * changed since). A secret param, recorded as `***`, is taken from `--param`
 * or `MOMOFLOW_PARAM_<NAME>` instead.
 */
function recordedMomoflowWorkflow(
  file: string,
  runDir: string,
  given: Record<string, string>,
): LoadedWorkflow {
  try {
    const { start } = readJournal(runRecordPaths(runDir).journal);
    const recorded = Object.entries(start.variables ?? {}).filter(
      ([name, value]) => value !== MASK && !Object.hasOwn(given, name),
    );
    const definition = loadMomoflowWorkflow(
      {
        file,
        workflow: start.workflow.id,
        params: Object.fromEntries(recorded),
        // Not a called workflow's secret the undos read (`release/key`): the run has no such param.
        paramText: Object.fromEntries(
          Object.entries(given).filter(([name]) => Object.hasOwn(start.variables ?? {}, name)),
        ),
      },
      () => {},
    );
    return { definition };
  } catch (error) {
    return {
      problem: `the workflow ${shownPath(file)} could not be loaded to run it: ${errorMessage(error)}`,
    };
  }
}

/**
 * What `rollback` says: the report, its steps found never started named as
 * `neverTaken` — the steps of a run on workers that no worker ever took (the
 * only such steps: its scheduler was killed while their jobs waited).
 */
type SaidReport = Omit<RollbackReport, "neverStarted"> & { neverTaken?: string[] };

function saidReport(report: RollbackReport): SaidReport {
  const { neverStarted, ...rest } = report;
  return neverStarted.length > 0 ? { ...rest, neverTaken: neverStarted } : rest;
}

function describeReport(report: SaidReport, style: TerminalStyle): string {
  const lines: string[] = [];
  for (const p of report.problems)
    lines.push(style.status("failed", `warning: journal ${p.message}; skipped`));
  if (report.stoppedRun)
    lines.push(
      report.stoppedRun.how === "stopped"
        ? `stopped run ${report.runId} first (pid ${report.stoppedRun.pid}, still running): it rolled back what it had done`
        : `stopped run ${report.runId} first (pid ${report.stoppedRun.pid}, still running): it did not end, and was killed (SIGKILL)`,
    );
  if (report.interrupted) lines.push(style.dim("the run was interrupted before it finished"));
  const byRun = report.leftoverProcesses.filter((p) => p.leftBy === "run").map((p) => p.pid);
  if (byRun.length > 0) {
    const run = report.interrupted ? "the killed run" : "the run";
    lines.push(
      `stopped ${byRun.length} process group${byRun.length === 1 ? "" : "s"} left running by ${run} (${byRun.join(", ")})`,
    );
  }
  for (const p of report.leftoverProcesses)
    if (p.leftBy === "rollback")
      lines.push(
        `stopped the undo of step "${p.step}" that a killed rollback left running (process group ${p.pid}), before undoing it again`,
      );
  for (const u of report.undosRunAgain ?? []) lines.push(undoRunAgainLine(u));
  for (const f of report.foundUndone ?? []) lines.push(foundUndoneLine(f));
  if (
    report.rolledBack.length === 0 &&
    report.earlierUndone.length === 0 &&
    report.failed.length === 0
  ) {
    lines.push(
      report.alreadyUndone.length === 0
        ? "nothing to undo"
        : report.alreadyUndone.length <= STEPS_NAMED_IN_FULL
          ? `nothing to undo: ${report.alreadyUndone.join(", ")} already undone`
          : `nothing to undo: ${report.alreadyUndone.length} steps already undone: ${stepNamesText(report.alreadyUndone)}`,
    );
  }
  if (report.neverTaken?.length)
    lines.push(
      `never taken by any worker (nothing of them ran; their jobs are off the queue now): ${report.neverTaken.join(", ")}`,
    );
  for (const e of report.earlierUndone)
    lines.push(
      `${e.stepId}: what run ${e.from.join(", ")} did in it was undone; this run's attempt was not (left as it is)`,
    );
  // Not "already undone" as a step: only what the runs before did in it was; its own attempt stays.
  for (const e of report.earlierAlreadyUndone)
    lines.push(
      `${e.stepId}: what run ${e.from.join(", ")} did in it was already undone; this run's attempt was not (left as it is)`,
    );
  if (report.irreversible.length)
    lines.push(`left as they are (irreversible): ${countedStepNames(report.irreversible)}`);
  if (report.halfDoneLeft.length)
    lines.push(
      `left as they are (stopped part-way before recording any rollback data, so their rollback() was not called; check what they did): ${countedStepNames(report.halfDoneLeft)}`,
    );
  if (report.notAttempted.length)
    lines.push(
      `left to undo (the rollback was stopped; roll back again): ${countedStepNames(report.notAttempted)}`,
    );
  for (const f of report.failed)
    lines.push(
      style.status("failed", `could not undo ${f.stepId}: ${escapedControlCharacters(f.error)}`),
    );
  if (report.logsError) lines.push(style.status("failed", `warning: ${report.logsError}`));
  if (report.recordError)
    lines.push(
      style.status(
        "failed",
        `${report.recordError}: the undo above happened, but the record does not hold all of it`,
      ),
    );
  lines.push(
    `${style.status(report.status, style.bold(report.status))}  ${style.dim(`run ${report.runId}`)}`,
  );
  return lines.join("\n") + "\n";
}
