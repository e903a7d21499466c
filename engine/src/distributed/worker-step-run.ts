import { recordedWorkflow } from "../record/recorded-workflow";
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { join } from "node:path";
import { compileWorkflow } from "../language/compile/compile-workflow";
import { LanguageWorkspace } from "../language/workspace";
import type { CheckResult } from "../language/scope";
import type { JournalEvent } from "../record/journal-event";
import type { EventSink } from "../record/journal-writer";
import { maskingSink } from "../record/masking-sink";
import { RecordWriteError } from "../record/record-write-error";
import { finishedEvent } from "../record/finished-event";
import { RunLogWriter } from "../record/step-log-writer";
import { WorkflowContext } from "../runtime/context";
import { WorkflowDefinition } from "../runtime/definition";
import type { Logger } from "../runtime/logger";
import { SecretMask } from "../runtime/secret-mask";
import { StepStatus } from "../runtime/status";
import type { StepResult, UndoRecipe, WorkflowStep } from "../runtime/step";
import { stepInfo } from "../runtime/step-info";
import { whenEnded } from "../runtime/scheduler";
import { runStep, type StepOutcome } from "../runtime/step-runner";
import { bundleHost, type SourceBundle } from "./source-bundle";
import { requireWorkerSecrets, unsetWorkerSecretDefault } from "./secret-params";
import { maskCallSecrets } from "./call-secrets";
import { secretOutputValues } from "../runtime/secret-output";
import { LOG_LIMIT_BYTES, type StepJobData, type StepJobResult } from "./step-job";
import { attemptFolder, attemptKey, type WorkerJournal } from "./worker-journal";
import { liveParamValues } from "./undo-param-values";

/** Where and as whom a worker runs a step. */
export interface WorkerPlace {
  /** The worker's name, reported with each outcome. */
  worker: string;
  /** Relative paths and shell actions run here. */
  workdir: string;
  logger: Logger;
}

/** Compiled workflows by source hash, workflow and params: a worker compiles each once. */
const compiled = new Map<string, WorkflowDefinition>();

/**
 * The workflow of a job, compiled from its source's texts (which the worker
 * checked against their hash when it read them).
 * @throws Error when the texts are of another source, or do not compile.
 */
export function jobWorkflow(
  job: Pick<StepJobData, "source" | "workflow" | "params">,
  bundle: SourceBundle,
): WorkflowDefinition {
  const key = `${job.source.hash}\0${job.workflow}\0${JSON.stringify(job.params)}`;
  const known = compiled.get(key);
  if (known) return known;
  if (bundle.hash !== job.source.hash)
    throw new Error(
      `the workflow's source does not match its hash ${job.source.hash.slice(0, 12)}: refused`,
    );
  const check = new LanguageWorkspace(bundleHost(bundle)).check(bundle.entry);
  const errors = check.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0)
    throw new Error(`the workflow does not check on this worker: ${errors[0]!.message}`);
  requireWorkerSecrets(check, job.workflow);
  const definition = WorkflowDefinition.from(compileHere(check, job));
  compiled.set(key, definition);
  return definition;
}

/** Compiles a job's workflow with its params on this worker. */
function compileHere(
  check: CheckResult,
  job: Pick<StepJobData, "workflow" | "params">,
): ReturnType<typeof compileWorkflow> {
  try {
    return compileWorkflow(check, { workflow: job.workflow, paramText: job.params });
  } catch (error) {
    // A secret's default read this worker's environment, where its variable is not set.
    const unset = unsetWorkerSecretDefault(check, job.workflow);
    throw unset ? new Error(unset) : error;
  }
}

/**
 * The step a job names in its workflow; an instance of a fan-out step made
 * from the item the scheduler read (or a step of the call such an instance
 * makes, when the step calls a workflow once per item).
 * @throws Error when the workflow has no such step.
 */
export function jobStep(
  job: Pick<StepJobData, "stepId" | "workflow" | "instance">,
  definition: WorkflowDefinition,
): WorkflowStep {
  const { instance } = job;
  const id = instance ? instance.of : job.stepId;
  const step = definition.steps.find((s) => s.id === id);
  if (!step) throw new Error(`the workflow ${job.workflow} has no step ${id}`);
  if (!instance) return step;
  if (!step.fanOut) throw new Error(`step ${id} of ${job.workflow} has no for_each`);
  const { fanOut } = step;
  if (!fanOut.instanceSteps) return fanOut.instance(instance.index, instance.item);
  // A step of a call made per item (`deploy[0]/bump`), or the instance joining it (`deploy[0]`).
  const made = fanOut.instanceSteps(instance.index, instance.item).find((s) => s.id === job.stepId);
  if (!made) throw new Error(`the workflow ${job.workflow} has no step ${job.stepId}`);
  return made;
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
 * Runs one attempt of one step here, with the engine's step runner, recording
 * it in this worker's journal (intent and rollback data before any effect,
 * outcome after, as a run records its steps), so that the step can be undone
 * from this worker's record even when the scheduler never hears back. Its
 * log and backups, when it has any, go to a folder of its own beside the
 * journal. A failed step is left as it is: the scheduler decides the rollback.
 */
export async function runStepHere(
  job: StepJobData,
  bundle: SourceBundle,
  place: WorkerPlace,
  journal: WorkerJournal,
  signal: AbortSignal,
  keepUndoParams?: (attempt: string, values: Record<string, string>) => void,
): Promise<StepJobResult> {
  const definition = jobWorkflow(job, bundle);
  const step = jobStep(job, definition);
  const context = new WorkflowContext({
    workingDirectory: place.workdir,
    logger: place.logger,
    signal,
  });
  context.runId = job.runId;
  // The attempt's record masks with the context's: a call binding a secret argument adds it there.
  context.secrets = SecretMask.of(definition.secrets);
  for (const [id, earlier] of Object.entries(job.earlier)) {
    context.setStepStatus(id, earlier.status);
    if (!("output" in earlier)) continue;
    context.setStepOutput(id, earlier.output);
    // An output a call makes a secret is one from its step's end on: masked here too.
    const paths = definition.steps.find((s) => s.id === id)?.secretOutput;
    if (paths) context.secrets.addSecrets(secretOutputValues(earlier.output, paths));
  }
  // Before anything is recorded: a later step that reads a call's secret argument masks it too.
  if (job.secretCalls) maskCallSecrets(definition.steps, job.secretCalls, context);
  const key = attemptKey(job.runId, job.stepId, job.attempt);
  const folder = attemptFolder(journal.dir, key);
  const record = new AttemptRecord(
    journal.attempt(key, stepInfo(step), {
      workflow: recordedWorkflow(definition),
      workdir: place.workdir,
    }),
    context.secrets,
  );
  const lone = loneStep(step);
  const logs = new RunLogWriter(folder, (failure) =>
    place.logger.warn(`the log of ${key} is no longer written: ${failure.error.message}`),
  );
  let ended: StepOutcome | undefined;
  // A start may hand back the step still running: its end is awaited here.
  const start = runStep(
    lone,
    {
      context,
      signal: context.signal,
      sink: record.sink,
      backupsDir: join(folder, "backups"),
      failSteps: NO_STEPS,
      // The worker is this one: only the scheduler needs to be told.
      listener: {
        recordFailed: (error) => record.failed(error),
        workerHolds: () => {},
        attemptNeverStarted: () => {},
      },
      logs,
      mask: record.mask,
    },
    0,
    {
      stepEnded: (_index, result, rollbackDataRecorded) => (
        (ended = { result, rollbackDataRecorded }),
        "done"
      ),
    },
  );
  await whenEnded(start);
  // As the engine keeps a step's output: a rollback that reads its own output is resolved with it.
  if (ended!.result.status === StepStatus.SUCCESS && ended!.result.output !== undefined)
    context.setStepOutput(step.id, ended!.result.output);
  const result = record.finish(lone, context, ended!);
  keepUndoParams?.(key, record.undoParamValues());
  const outcome: StepJobResult = {
    worker: place.worker,
    status: result.status,
    metrics: result.metrics,
    journal: journal.path,
  };
  // The outcome goes into Redis in the clear: masked as the record masks it (a later step gets `***`),
  // but an output a call makes a secret, which the called steps must get whole (their jobs carry it).
  if (result.output !== undefined)
    outcome.output = step.secretOutput ? result.output : record.mask.value(result).output;
  if (result.log !== undefined) {
    const log = readLogTail(join(folder, result.log));
    if (log) outcome.log = log;
  }
  // Its scheduler names the step among the run's incomplete logs, as it would a step run there.
  if (logs.incompleteLogs.length > 0) outcome.logIncomplete = true;
  if (result.error !== undefined) outcome.error = record.mask.text(result.error);
  return outcome;
}

const NO_STEPS: ReadonlySet<string> = new Set();

/**
 * One attempt's writes to the worker's journal: the runner's events (masked),
 * and the outcome as the engine records a step's. A write that failed fails
 * the step: what it was to protect did not happen, or is not on record.
 */
class AttemptRecord {
  readonly sink: EventSink;
  /** The undo recorded with the intent: one resolved only after the output is recorded again with the outcome. */
  private intentUndo: UndoRecipe | undefined;
  /** The undo recorded with the outcome, when it was resolved only then. */
  private finalUndo: UndoRecipe | undefined;
  private error: RecordWriteError | undefined;

  constructor(
    attempt: EventSink,
    readonly mask: SecretMask,
  ) {
    const masked = maskingSink(attempt, mask)!;
    this.sink = {
      emit: (event: JournalEvent, durable?: boolean) => {
        if (event.type === "step_started") this.intentUndo = event.undo;
        masked.emit(event, durable);
      },
      close() {},
    };
  }

  failed(error: RecordWriteError): void {
    this.error ??= error;
  }

  /** Records the outcome; the step's result, failed when its record could not be written. */
  finish(step: WorkflowStep, context: WorkflowContext, outcome: StepOutcome): StepResult {
    const result = outcome.result;
    const unrecordedData =
      step.reversible && result.rollbackData !== undefined && !outcome.rollbackDataRecorded;
    const undo = this.undoAfterOutput(step, context, result);
    this.finalUndo = undo;
    try {
      // In the file before the scheduler hears of it: a journal is never behind what its worker reported.
      this.sink.emit(finishedEvent(result, unrecordedData, undo, this.mask));
    } catch (error) {
      if (!(error instanceof RecordWriteError)) throw error;
      this.error ??= error;
    }
    if (this.error && result.status === StepStatus.SUCCESS)
      return {
        ...result,
        status: StepStatus.FAILED,
        error: `the worker's journal could not be written: ${this.error.message}`,
      };
    return result;
  }

  /** The values the recorded undo's secret param references held (see `liveParamValues`): for the worker's memory only. */
  undoParamValues(): Record<string, string> {
    return { ...liveParamValues(this.intentUndo), ...liveParamValues(this.finalUndo) };
  }

  private undoAfterOutput(
    step: WorkflowStep,
    context: WorkflowContext,
    result: StepResult,
  ): UndoRecipe | undefined {
    if (result.status !== StepStatus.SUCCESS || this.intentUndo?.kind !== "after_output")
      return undefined;
    const undo = step.undoRecipe?.(context);
    return undo?.kind === "after_output" ? undefined : undo;
  }
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
