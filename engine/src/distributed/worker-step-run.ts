import { closeSync, existsSync, fstatSync, openSync, readSync } from "node:fs";
import { join } from "node:path";
import { compileWorkflow } from "../language/compile/compile-workflow";
import { LanguageWorkspace } from "../language/workspace";
import { WorkflowContext } from "../runtime/context";
import { WorkflowDefinition } from "../runtime/definition";
import { WorkflowEngine } from "../runtime/engine";
import type { Logger } from "../runtime/logger";
import { rollbackRun } from "../runtime/rollback-run";
import { WorkflowStatus } from "../runtime/status";
import type { WorkflowStep } from "../runtime/step";
import { runRecordPaths } from "../record/run-paths";
import { bundleHash, bundleHost } from "./source-bundle";
import {
  LOG_LIMIT_BYTES,
  type StepJobData,
  type StepJobResult,
  type UndoJobData,
  type UndoJobResult,
} from "./step-job";
import { workerRecordDir, workerRunId } from "./worker-record";

/** Where and as whom a worker runs a step. */
export interface WorkerPlace {
  /** The worker's name, reported with each outcome. */
  worker: string;
  /** Relative paths and shell actions run here; the worker's records go under it. */
  workdir: string;
  logger: Logger;
}

/** Compiled workflows by source hash, workflow and params: a worker compiles each once. */
const compiled = new Map<string, WorkflowDefinition>();

/**
 * The workflow of a job, compiled from the job's own texts.
 * @throws Error when the texts do not match their hash, or do not compile.
 */
export function jobWorkflow(
  job: Pick<StepJobData, "source" | "workflow" | "params">,
): WorkflowDefinition {
  const key = `${job.source.hash}\0${job.workflow}\0${JSON.stringify(job.params)}`;
  const known = compiled.get(key);
  if (known) return known;
  if (bundleHash(job.source.entry, job.source.files) !== job.source.hash)
    throw new Error(
      `the workflow's source does not match its hash ${job.source.hash.slice(0, 12)}: refused`,
    );
  const check = new LanguageWorkspace(bundleHost(job.source)).check(job.source.entry);
  const errors = check.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0)
    throw new Error(`the workflow does not check on this worker: ${errors[0]!.message}`);
  const definition = WorkflowDefinition.from(
    compileWorkflow(check, { workflow: job.workflow, paramText: job.params }),
  );
  compiled.set(key, definition);
  return definition;
}

/**
 * The step as a run of its own: no needs (the scheduler saw to them), no
 * condition (the scheduler evaluated it), one attempt (the scheduler retries
 * by sending the step again); its action, undo, timeout and files as declared.
 */
function loneStep(step: WorkflowStep): WorkflowStep {
  const lone = Object.create(step) as WorkflowStep & Record<string, unknown>;
  lone.needs = [];
  lone.when = undefined;
  lone.retries = 0;
  lone.continueOnError = false;
  lone.runsAfterFailure = false;
  return lone;
}

/**
 * Runs one attempt of one step here, with its own run record (intent and
 * rollback data before any effect, as every run), so that the step can be
 * undone from this worker's record even when the scheduler never hears back.
 * A failed step is left as it is: the scheduler decides the rollback.
 */
export async function runStepHere(
  job: StepJobData,
  place: WorkerPlace,
  signal: AbortSignal,
): Promise<StepJobResult> {
  const definition = jobWorkflow(job);
  const step = definition.steps.find((s) => s.id === job.stepId);
  if (!step) throw new Error(`the workflow ${job.workflow} has no step ${job.stepId}`);
  const context = new WorkflowContext({
    workingDirectory: place.workdir,
    logger: place.logger,
    signal,
  });
  for (const [id, earlier] of Object.entries(job.earlier)) {
    context.setStepStatus(id, earlier.status);
    if ("output" in earlier) context.setStepOutput(id, earlier.output);
  }
  const single = new WorkflowDefinition({
    id: definition.id,
    name: definition.name,
    steps: [loneStep(step)],
    rollbackOnFailure: false,
    secrets: definition.secrets,
    ...(definition.source ? { source: definition.source } : {}),
  });
  const result = await new WorkflowEngine().executeWorkflow(single, context, {
    runId: workerRunId(job.runId, job.stepId, job.attempt),
    rollbackOnFailure: false,
    signal,
  });
  const own = result.stepResults[0]!;
  const outcome: StepJobResult = {
    worker: place.worker,
    status: own.status,
    metrics: own.metrics,
    recordDir: context.runDir ?? workerRecordDir(place.workdir, job.runId, job.stepId, job.attempt),
  };
  if (own.output !== undefined) outcome.output = own.output;
  if (own.log !== undefined && context.runDir) {
    const log = readLogTail(join(context.runDir, own.log));
    if (log) outcome.log = log;
  }
  if (own.error !== undefined) outcome.error = own.error;
  else if (result.status === WorkflowStatus.CANCELLED) outcome.error = "cancelled on the worker";
  return outcome;
}

/**
 * Undoes what this worker did for one step of a run, from its own records
 * (as `momoflow rollback` does), the latest attempt first. A worker whose
 * records hold no start of the step did nothing to undo.
 */
export async function undoStepHere(job: UndoJobData, place: WorkerPlace): Promise<UndoJobResult> {
  let undone = false;
  for (let attempt = job.attempts; attempt >= 1; attempt--) {
    const dir = workerRecordDir(place.workdir, job.runId, job.stepId, attempt);
    if (!existsSync(runRecordPaths(dir).journal)) continue;
    const report = await rollbackRun(dir, { logger: place.logger });
    const failed = report.failed[0];
    if (failed) return { worker: place.worker, status: "rollback_failed", error: failed.error };
    undone = true;
  }
  return { worker: place.worker, status: undone ? "rolled_back" : "nothing_to_undo" };
}

/** The end of a step's log file, at most {@link LOG_LIMIT_BYTES}, saying what was left out. */
function readLogTail(path: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return undefined;
  }
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, LOG_LIMIT_BYTES);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    const text = buffer.toString("utf8");
    return size > length
      ? `[the first ${size - length} bytes are in the worker's log: ${path}]\n${text}`
      : text;
  } finally {
    closeSync(fd);
  }
}
