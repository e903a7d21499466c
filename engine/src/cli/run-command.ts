import { stringifyExactly } from "../runtime/exact-number";
import { isAbsolute, join, relative } from "node:path";
import { WorkflowContext } from "../runtime/context";
import { WorkflowDefinition } from "../runtime/definition";
import { WorkflowEngine, WorkflowValidationError } from "../runtime/engine";
import { createStreamLogger } from "../runtime/logger";
import { WorkflowStatus } from "../runtime/status";
import { killedRunNotice } from "./killed-run-notice";
import { ProgressReporter } from "./progress-reporter";
import { formatSummary } from "./summary-table";
import { rollbackOffHint } from "./rollback-off-hint";
import { styleFor } from "./terminal-style";
import { UsageError } from "./usage-error";
import { oneArgument, parseCommandArgs } from "./command-args";
import { keepGoingWhenOutputCloses } from "./closed-output";
import { stopRunOnInterrupt, STOPPED_EXIT_CODE } from "./run-interrupt";
import { isMomoflowFile } from "./momoflow-files";
import { loadMomoflowWorkflow } from "./momoflow-workflow";
import { loadWorkflowModule } from "./workflow-module";
import { usableWorkingDirectory, workflowWorkingDirectory } from "./working-directory";
import { newRunId, runsDirOf } from "../record/run-paths";
import { withRecordedOutputs } from "../record/result-file";
import { ResumeRefusedError, takeOverRun, type ResumeSource } from "../runtime/resume-run";
import { resumeRunDir, takeResumeOption, type ResumeRequest } from "./resume-option";
import { loadDistributed } from "./distributed-module";
import { leaveGivenUpWorkBehind } from "./leave-given-up-work";
import type { PreparedRemoteRun } from "../distributed/remote-run";
import { getCommandRegistry } from "../commands/registry";
// A names-only module: reading it does not load BullMQ.
import { REMOTE_UNDO_COMMAND } from "../distributed/queue-names";

export const runHelp = `Usage: momoflow run <file> [options]

Runs a workflow: a .momoflow file (checked first: a file with errors is not
run), or a JavaScript module whose default export is a WorkflowDefinition.
Relative paths and shell actions run in the working directory: by default the
folder of a .momoflow file (wherever it is run from), the current directory for
a module. The run record goes to <workdir>/.momoflow/runs/<run-id>/.

What each step prints is shown as it comes, each line after the step's id
("  build | …"), and kept whole in the run record: logs/<step>.log.

Options:
  --workflow NAME      which workflow of the file (optional when it has one)
  --workdir DIR        working directory of the run (default: the file's folder)
  --param NAME=VALUE   a param of the workflow, typed by its declaration (once per param);
                       a secret param may rather be given as MOMOFLOW_PARAM_<NAME>
  --concurrency N      run up to N steps at once (default: the workflow's)
  --on REDIS-URL       send each step to the workers of that Redis
                       (momoflow worker --on …); this process schedules and
                       keeps the run record, each worker runs its steps and
                       undoes them when the rollback asks (a .momoflow file only)
  --no-rollback        on failure, leave completed steps as they are
  --resume [RUN]       continue a run that failed with --no-rollback (or
                       rollback_on_failure: false), was cancelled without its
                       rollback, or was killed: its succeeded steps whose
                       action is unchanged are reused, not run again (the
                       summary says "reused" or "changed since run …"); a
                       rollback of the new run undoes them too. RUN: a run id
                       or record folder (default: the latest run of the
                       workflow in the working directory)
  -q, --quiet          do not show what the steps print (their logs still keep it)
  --json               print the result as JSON on stdout, as result.json keeps it
                       (schemas/run-result.schema.json; a step output over 8 KB
                       cut as there; progress and the steps' output go to stderr)
  -h, --help           show this help

A step or js() undo it gave up on (one that ignored its stop signal) does not
hold the process: it exits about 1 s after writing its summary.

Exit codes: 0 success, 1 the workflow failed, 2 bad usage or input, 130 stopped
(Ctrl+C, SIGTERM, or SIGHUP when the terminal closes), also while the rollback
of a failed run was under way (its status says how far the rollback got).
`;

/** `momoflow run`: returns the exit code. */
export async function runCommand(args: string[]): Promise<number> {
  const { argv, resume: resumeRequest } = takeResumeOption(args);
  const { values, positionals } = parseCommandArgs(
    "run",
    {
      args: argv,
      allowPositionals: true,
      options: {
        workflow: { type: "string" },
        workdir: { type: "string" },
        param: { type: "string", multiple: true },
        concurrency: { type: "string" },
        on: { type: "string" },
        "no-rollback": { type: "boolean" },
        quiet: { type: "boolean", short: "q" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    },
    ["resume"],
  );
  if (values.help) {
    process.stdout.write(runHelp);
    return 0;
  }
  const file = oneArgument("run", positionals, "one workflow file", runHelp);
  const params = parseParams(values.param ?? []);
  const progressStream = values.json ? process.stderr : process.stdout;
  const style = styleFor(progressStream);
  const momoflow = isMomoflowFile(file);
  const local = momoflow
    ? loadMomoflowWorkflow(
        { file, paramText: params, ...(values.workflow ? { workflow: values.workflow } : {}) },
        (line) => process.stderr.write(line + "\n"),
        styleFor(process.stderr),
      )
    : await loadWorkflowModule(file);
  // Params of a .momoflow workflow are bound by the compiler; a module gets them as variables.
  const variables = momoflow ? {} : params;
  const workdir = usableWorkingDirectory(values.workdir, "run", workflowWorkingDirectory(file));
  const concurrency =
    values.concurrency === undefined ? undefined : parseConcurrency(values.concurrency);
  const runId = newRunId(WorkflowDefinition.from(local).id);
  if (values.on !== undefined && !momoflow)
    throw new UsageError(`--on runs .momoflow files only: ${file} is a module`);
  const remote =
    values.on === undefined
      ? undefined
      : onWorkers(WorkflowDefinition.from(local), { on: values.on, file, params, runId });
  // Redis wrong or down from the start: said now (exit 2), not waited for with nothing run.
  await remote?.reachable().catch(async (error: Error) => {
    await remote.close();
    throw new UsageError(`--on: ${error.message}; nothing was run`);
  });
  const definition = remote?.definition ?? local;
  const resume = resumeRequest
    ? await resumedRun(resumeRequest, runId, WorkflowDefinition.from(definition), workdir)
    : undefined;
  if (resume) progressStream.write(style.dim(`resuming run ${resume.runId}\n`));
  else {
    const { id, source } = WorkflowDefinition.from(definition);
    const killed = killedRunNotice(workdir, id, source);
    if (killed !== undefined) process.stderr.write(`momoflow: ${killed}\n`);
  }
  // Attempts taken over from the resumed run that ran on workers are undone through Redis.
  const closeRemoteUndo =
    resume && earlierOnWorkers(resume)
      ? loadDistributed().registerRemoteUndo(getCommandRegistry(), {
          ...(values.on ? { on: values.on } : {}),
          ...(process.env.MOMOFLOW_REDIS_PASSWORD
            ? { password: process.env.MOMOFLOW_REDIS_PASSWORD }
            : {}),
        })
      : undefined;

  keepGoingWhenOutputCloses();
  // The engine masks what it records and reports; the summary and the log lines are written here,
  // with the run's mask (the context's: it grows when a call makes a step's output a secret).
  const reporter = new ProgressReporter(progressStream, style, {
    logFile: (log) => (context.runDir ? shownPath(join(context.runDir, log)) : undefined),
  });
  const context = new WorkflowContext({
    workingDirectory: workdir,
    variables,
    logger: createStreamLogger((line) =>
      progressStream.write(style.dim(`    ${context.secrets.text(line)}`)),
    ),
  });
  const rollbackOff = values["no-rollback"] === true || !definition.rollbackOnFailure;
  const interrupt = stopRunOnInterrupt(context, progressStream, !rollbackOff);
  // A step may await something that holds no handle (a promise settled by an
  // abort signal): keep the process alive until the run ends, or it would exit early.
  const keepAlive = setInterval(() => {}, 1 << 30);
  try {
    const result = await new WorkflowEngine()
      .executeWorkflow(definition, context, {
        ...(concurrency !== undefined ? { concurrency } : {}),
        ...(values["no-rollback"] ? { rollbackOnFailure: false } : {}),
        runId,
        ...(resume ? { resume } : {}),
        onEvent: reporter.onEvent,
        // Quiet: a step's output is in its log only (not on the terminal through the logger either).
        onOutput: values.quiet ? () => {} : reporter.onOutput,
      })
      .catch((error: unknown) => {
        // A workflow module's definition that cannot run (a cycle, a bad setting): bad input, nothing ran.
        throw error instanceof WorkflowValidationError ? new UsageError(error.message) : error;
      });
    reporter.stop();
    // The result in memory holds the real values; what is printed holds `***`.
    const mask = context.secrets;
    if (values.json) {
      // As result.json keeps it: long outputs are cut there (their logs hold them whole).
      const json = withRecordedOutputs(mask.value(result.toJSON()));
      process.stdout.write(stringifyExactly(json, 2) + "\n");
    } else {
      process.stdout.write(formatSummary(mask.value(result), style, reporter.takenOver));
      const hint = rollbackOffHint(result, rollbackOff);
      if (hint) process.stdout.write(style.dim(hint) + "\n");
    }
    // Stopped by the user, also while the rollback of a run that had failed was under way.
    if (interrupt.stopped || result.status === WorkflowStatus.CANCELLED) return STOPPED_EXIT_CODE;
    return result.status === WorkflowStatus.SUCCESS ? 0 : 1;
  } finally {
    // Its record is written (or could not be): a stop from now on just ends the process.
    interrupt.runEnded();
    clearInterval(keepAlive);
    reporter.stop();
    await remote?.close();
    await closeRemoteUndo?.();
    leaveGivenUpWorkBehind();
  }
}

/** Whether some attempt the resuming run takes over ran on a worker (its undo goes through Redis). */
function earlierOnWorkers(resume: ResumeSource): boolean {
  for (const step of resume.earlier.values())
    if (step.attempts.some((a) => a.undo?.command === REMOTE_UNDO_COMMAND)) return true;
  return false;
}

/** The workflow with its steps sent to the workers of a Redis (`--on`). */
function onWorkers(
  local: WorkflowDefinition,
  request: { on: string; file: string; params: Record<string, string>; runId: string },
): PreparedRemoteRun {
  const distributed = loadDistributed();
  try {
    return distributed.prepareRemoteRun(local, {
      ...request,
      workflow: local.name,
      warn: (line) => process.stderr.write(`momoflow: ${line}\n`),
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Takes over the run to resume; a refusal is bad input (exit code 2), and nothing runs. */
async function resumedRun(
  request: ResumeRequest,
  runId: string,
  def: WorkflowDefinition,
  workdir: string,
): Promise<ResumeSource> {
  const runDir = resumeRunDir(request, runsDirOf(workdir), {
    id: def.id,
    ...(def.source ? { source: def.source } : {}),
  });
  try {
    return await takeOverRun(runDir, {
      runId,
      workflowId: def.id,
      ...(def.source ? { source: def.source } : {}),
    });
  } catch (error) {
    if (error instanceof ResumeRefusedError) throw new UsageError(error.message);
    throw error;
  }
}

/**
 * `--param a=1 --param b=x` → `{ a: "1", b: "x" }`, in an object without a
 * prototype: `--param __proto__=1` is then a param named `__proto__` (which
 * no workflow declares: an unknown param) instead of changing the object.
 */
export function parseParams(params: string[]): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  for (const p of params) {
    const eq = p.indexOf("=");
    if (eq <= 0) throw new UsageError(`--param ${p}: expected NAME=VALUE`);
    const name = p.slice(0, eq);
    // Which of two values was meant cannot be known: a later one silently winning hides a typo.
    if (name in out) throw new UsageError(`--param ${name} is given twice: give it once`);
    out[name] = p.slice(eq + 1);
  }
  return out;
}

/** A path as short as it reads well: relative to the current folder when inside it. */
function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
}

function parseConcurrency(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1)
    throw new UsageError(`--concurrency ${text}: expected a whole number of at least 1`);
  return n;
}
