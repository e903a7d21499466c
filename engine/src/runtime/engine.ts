import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { JournalStepInfo, StepFinishedEvent } from "../record/journal-event";
import {
  combineSinks,
  JournalWriter,
  listenerSink,
  type EventSink,
} from "../record/journal-writer";
import {
  recordedOutput,
  writeResultFile,
  type ResultStep,
  type RunResultFile,
} from "../record/result-file";
import { LATEST_FILE, newRunId, runRecordPaths, runsDirOf } from "../record/run-paths";
import { WorkflowContext } from "./context";
import {
  WorkflowDefinition,
  type DefinitionProblem,
  type WorkflowDefinitionInit,
} from "./definition";
import type { ExecuteOptions } from "./execute-options";
import { emptyMetrics, finishMeasurement, startMeasurement } from "./metrics";
import type { WorkflowResult } from "./result";
import { undoInReverse, type UndoItem } from "./rollback";
import { Scheduler, type StepEnd } from "./scheduler";
import { StepStatus, WorkflowStatus } from "./status";
import { errorMessage, type StepExecution, type StepResult } from "./step";
import { runStep } from "./step-runner";

/** Thrown by {@link WorkflowEngine.executeWorkflow} for a definition that cannot run. */
export class WorkflowValidationError extends Error {
  constructor(
    readonly workflowId: string,
    readonly problems: DefinitionProblem[],
  ) {
    super(
      `workflow "${workflowId}" is not valid:\n${problems.map((p) => `  - ${p.message}`).join("\n")}`,
    );
    this.name = "WorkflowValidationError";
  }
}

/**
 * Runs workflows: schedules steps by their needs within the concurrency bound,
 * records every event in the run record before its effects, and on failure or
 * cancellation undoes completed reversible steps in reverse order of completion.
 */
export class WorkflowEngine {
  /**
   * Runs `definition` once.
   * @param context shared run state; a fresh one in `process.cwd()` by default.
   * @throws WorkflowValidationError when the definition has problems (nothing runs then).
   */
  async executeWorkflow(
    definition: WorkflowDefinition | WorkflowDefinitionInit,
    context: WorkflowContext = new WorkflowContext(),
    options: ExecuteOptions = {},
  ): Promise<WorkflowResult> {
    const def = WorkflowDefinition.from(definition);
    const problems = def.validate();
    const concurrency = options.concurrency ?? def.concurrency;
    if (options.concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 1)) {
      problems.push({
        code: "invalid_option",
        message: `concurrency must be at least 1, got ${concurrency}`,
      });
    }
    if (problems.length > 0) throw new WorkflowValidationError(def.id, problems);
    return new Run(def, context, options, concurrency).execute();
  }
}

/** One run of one workflow. */
class Run {
  private readonly runId: string;
  private readonly runDir: string | undefined;
  private readonly sink: EventSink | undefined;
  private readonly results: (StepResult | undefined)[];
  private readonly completed: number[] = [];
  private readonly controller = new AbortController();
  private readonly rollbackOnFailure: boolean;
  private firstFailure: string | undefined;
  private indexById: Map<string, number> | undefined;
  private succeeded = 0;

  constructor(
    private readonly def: WorkflowDefinition,
    private readonly context: WorkflowContext,
    private readonly options: ExecuteOptions,
    private readonly concurrency: number,
  ) {
    this.runId = options.runId ?? newRunId(def.id);
    this.rollbackOnFailure = options.rollbackOnFailure ?? def.rollbackOnFailure;
    this.results = new Array<StepResult | undefined>(def.steps.length);
    const journal = options.journal ?? true;
    const runsDir = options.runsDir ?? runsDirOf(context.workingDirectory);
    this.runDir = journal ? join(runsDir, this.runId) : undefined;
    this.sink = combineSinks([
      this.runDir ? new JournalWriter(runRecordPaths(this.runDir).journal, this.runDir) : undefined,
      options.onEvent ? listenerSink(options.onEvent) : undefined,
    ]);
    if (this.runDir) writeLatest(runsDir, this.runId);
  }

  async execute(): Promise<WorkflowResult> {
    const { def, context } = this;
    const measurement = startMeasurement();
    context.runId = this.runId;
    context.runDir = this.runDir;
    for (const [name, value] of Object.entries(def.variables)) {
      if (!context.has(name)) context.set(name, value);
    }
    this.sink?.emit({
      type: "run_started",
      v: 1,
      time: Date.now(),
      runId: this.runId,
      workflow: { id: def.id, name: def.name, version: def.version },
      ...(def.source ? { source: def.source } : {}),
      workdir: context.workingDirectory,
      pid: process.pid,
      concurrency: this.concurrency,
      rollbackOnFailure: this.rollbackOnFailure,
      variables: plainVariables(context.getVariables()),
      steps: stepInfos(def),
    });

    const detach = this.linkCancellation();
    // Without a run record, backups go to a temp folder (created by a command only when it needs one).
    const backupsDir = this.runDir
      ? runRecordPaths(this.runDir).backups
      : join(tmpdir(), "momoflow-backups", this.runId);
    const env = {
      context,
      signal: this.controller.signal,
      sink: this.sink,
      backupsDir,
      failSteps: new Set(this.options.failSteps ?? []),
    };
    const scheduler: Scheduler = new Scheduler(def.steps, this.concurrency, (i) =>
      this.runOne(i, env, scheduler),
    );
    // A cancelled run starts nothing new; steps not started stay not_run.
    const stopOnAbort = (): void => scheduler.stop();
    if (this.controller.signal.aborted) scheduler.stop();
    else this.controller.signal.addEventListener("abort", stopOnAbort, { once: true });
    try {
      await scheduler.run();
    } finally {
      detach();
      this.controller.signal.removeEventListener("abort", stopOnAbort);
    }

    const cancelled =
      this.controller.signal.aborted && !(this.controller.signal.reason instanceof RunTimeoutError);
    if (this.controller.signal.reason instanceof RunTimeoutError)
      this.firstFailure ??= this.controller.signal.reason.message;
    const failed = this.firstFailure !== undefined || cancelled;
    let status: WorkflowStatus = WorkflowStatus.SUCCESS;
    let rolledBackSteps: string[] = [];
    if (failed) {
      status = cancelled ? WorkflowStatus.CANCELLED : WorkflowStatus.FAILED;
      if (this.rollbackOnFailure) {
        const outcome = await undoInReverse(
          this.undoItems(backupsDir),
          cancelled ? "cancelled" : "failure",
          this.sink,
        );
        rolledBackSteps = outcome.rolledBack;
        for (const id of outcome.rolledBack) this.setStatus(id, StepStatus.ROLLED_BACK);
        for (const [id, error] of outcome.failed)
          this.setStatus(id, StepStatus.ROLLBACK_FAILED, `rollback failed: ${error}`);
        if (!cancelled) {
          const complete = outcome.failed.size === 0 && outcome.irreversible.length === 0;
          status = complete ? WorkflowStatus.ROLLED_BACK : WorkflowStatus.PARTIALLY_ROLLED_BACK;
        }
      }
    }

    const stepResults = def.steps.map(
      (step, i) =>
        this.results[i] ?? {
          stepId: step.id,
          status: StepStatus.NOT_RUN,
          metrics: emptyMetrics(),
          attempts: 0,
        },
    );
    const metrics = finishMeasurement(measurement);
    const result: WorkflowResult = {
      runId: this.runId,
      workflowId: def.id,
      status,
      stepResults,
      metrics,
      successRate: def.steps.length ? this.succeeded / def.steps.length : 1,
      rolledBackSteps,
    };
    const error =
      this.firstFailure ??
      (cancelled ? cancellationMessage(this.controller.signal.reason) : undefined);
    if (error !== undefined) result.error = error;
    if (this.runDir) result.runDir = this.runDir;
    this.sink?.emit({ type: "run_finished", time: Date.now(), status, metrics });
    this.sink?.close();
    if (this.runDir)
      writeResultFile(runRecordPaths(this.runDir).result, resultFile(def, context, result));
    return result;
  }

  private async runOne(
    i: number,
    env: Parameters<typeof runStep>[1],
    scheduler: Scheduler,
  ): Promise<StepEnd> {
    const step = this.def.steps[i]!;
    if (step.when && !this.evaluateWhen(i)) return "done";
    const outcome = this.results[i] ? undefined : await runStep(step, env);
    const result = outcome?.result ?? this.results[i]!;
    this.results[i] = result;
    if (result.status === StepStatus.SUCCESS) {
      this.succeeded++;
      this.completed.push(i);
      if (result.output !== undefined) this.context.setStepOutput(step.id, result.output);
    }
    // The outcome must reach the file before going on only when it holds rollback
    // data that was not recorded before the effect; otherwise a crash just makes
    // the step look interrupted, which a rollback undoes all the same.
    const durable =
      step.reversible && result.rollbackData !== undefined && !outcome?.rollbackDataRecorded;
    this.sink?.emit(finishedEvent(result), durable);
    if (result.status === StepStatus.SUCCESS) return "done";
    // A step ended by the run's cancellation or timeout is not the cause of the failure.
    if (!step.continueOnError && !this.controller.signal.aborted) {
      this.firstFailure ??= `step "${step.id}" failed: ${result.error ?? "unknown error"}`;
      scheduler.stop();
    }
    return "blocked";
  }

  /** Evaluates `when`; false (or a throw, recorded as the failure) means the step does not run. */
  private evaluateWhen(i: number): boolean {
    const step = this.def.steps[i]!;
    let run: boolean;
    try {
      run = step.when!(this.context);
    } catch (error) {
      this.results[i] = {
        stepId: step.id,
        status: StepStatus.FAILED,
        metrics: emptyMetrics(),
        attempts: 0,
        error: `its "when" condition threw: ${errorMessage(error)}`,
      };
      return true; // runOne records the failure
    }
    if (!run) {
      this.results[i] = {
        stepId: step.id,
        status: StepStatus.SKIPPED,
        metrics: emptyMetrics(),
        attempts: 0,
      };
      this.succeeded++;
      this.sink?.emit(finishedEvent(this.results[i]!), false);
    }
    return run;
  }

  private undoItems(backupsDir: string): UndoItem[] {
    // Undo is not cancellable: one signal that never aborts serves every step.
    const signal = new AbortController().signal;
    return this.completed.map((i) => {
      const step = this.def.steps[i]!;
      const result = this.results[i]!;
      const rollback = step.rollback;
      if (!step.reversible || !rollback) return { stepId: step.id, undo: undefined };
      const execution: StepExecution = {
        stepId: step.id,
        attempt: result.attempts,
        signal,
        workingDirectory: this.context.workingDirectory,
        backupDir: join(backupsDir, step.id),
        env: this.context.env,
        logger: this.context.logger,
        remember() {},
        reportChildMetrics() {},
      };
      return { stepId: step.id, undo: () => rollback.call(step, this.context, result, execution) };
    });
  }

  private setStatus(stepId: string, status: StepResult["status"], error?: string): void {
    this.indexById ??= new Map(this.def.steps.map((s, i) => [s.id, i]));
    const result = this.results[this.indexById.get(stepId)!];
    if (!result) return;
    result.status = status;
    if (error) result.error = error;
  }

  /** Aborts the run with the context's cancellation, the caller's signal or the workflow timeout. */
  private linkCancellation(): () => void {
    const abort = (reason: unknown): void => this.controller.abort(reason);
    const signals = [this.context.signal, this.options.signal].filter((s): s is AbortSignal => !!s);
    const listeners = signals.map((signal) => {
      const listener = (): void => abort(signal.reason);
      if (signal.aborted) abort(signal.reason);
      else signal.addEventListener("abort", listener, { once: true });
      return () => signal.removeEventListener("abort", listener);
    });
    const timeoutMs = this.def.timeoutMs;
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(
            () =>
              abort(
                new RunTimeoutError(`workflow "${this.def.id}" timed out after ${timeoutMs} ms`),
              ),
            timeoutMs,
          );
    return () => {
      listeners.forEach((remove) => remove());
      if (timer) clearTimeout(timer);
    };
  }
}

class RunTimeoutError extends Error {}

function cancellationMessage(reason: unknown): string {
  const detail =
    reason instanceof Error && reason.message !== "cancelled" ? ` (${reason.message})` : "";
  return `the run was cancelled${detail}`;
}

function finishedEvent(result: StepResult): StepFinishedEvent {
  const event: StepFinishedEvent = {
    type: "step_finished",
    time: Date.now(),
    step: result.stepId,
    status: result.status,
    attempts: result.attempts,
    metrics: result.metrics,
  };
  if (result.output !== undefined) event.output = recordedOutput(result.output);
  if (result.error !== undefined) event.error = result.error;
  if (result.rollbackData !== undefined) event.rollbackData = result.rollbackData;
  return event;
}

function stepInfos(def: WorkflowDefinition): JournalStepInfo[] {
  return def.steps.map((s) => {
    const info: JournalStepInfo = {
      id: s.id,
      needs: [...(s.needs ?? [])],
      reversible: s.reversible,
    };
    if (s.description) info.description = s.description;
    return info;
  });
}

/** Variables as JSON can hold them (functions and cycles dropped). */
function plainVariables(variables: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(variables)) {
    try {
      if (typeof v !== "function") out[k] = JSON.parse(JSON.stringify(v ?? null));
    } catch {
      out[k] = String(v);
    }
  }
  return out;
}

function resultFile(
  def: WorkflowDefinition,
  context: WorkflowContext,
  result: WorkflowResult,
): RunResultFile {
  const file: RunResultFile = {
    v: 1,
    runId: result.runId,
    workflow: { id: def.id, name: def.name, version: def.version },
    workdir: context.workingDirectory,
    status: result.status,
    metrics: result.metrics,
    successRate: result.successRate,
    rolledBackSteps: result.rolledBackSteps,
    steps: result.stepResults.map((r, i) => {
      const s = def.steps[i]!;
      const step: ResultStep = {
        id: s.id,
        needs: s.needs ? [...s.needs] : [],
        reversible: s.reversible,
        status: r.status,
        attempts: r.attempts,
        metrics: r.metrics,
      };
      if (s.description) step.description = s.description;
      if (r.error !== undefined) step.error = r.error;
      if (r.output !== undefined) step.output = recordedOutput(r.output);
      return step;
    }),
  };
  if (def.source) file.source = def.source;
  if (result.error) file.error = result.error;
  return file;
}

/** Points `.momoflow/runs/latest` at this run (atomically). */
function writeLatest(runsDir: string, runId: string): void {
  mkdirSync(runsDir, { recursive: true });
  const tmp = join(runsDir, `.${LATEST_FILE}.${process.pid}.tmp`);
  writeFileSync(tmp, runId + "\n");
  renameSync(tmp, join(runsDir, LATEST_FILE));
}
