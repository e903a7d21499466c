import type { WorkflowContext } from "../runtime/context";
import { StepStatus } from "../runtime/status";
import type {
  OutputPath,
  StepExecution,
  StepFiles,
  StepResult,
  UndoRecipe,
  WorkflowStep,
} from "../runtime/step";
import type { Dispatcher } from "./dispatcher";
import type { SourceBundle } from "./source-bundle";
import type { FanOut } from "../runtime/fan-out";
import type { EarlierStep, FanOutInstance, StepJobResult } from "./step-job";
import type { StepReads } from "./step-reads";
import type { CallSecrets } from "./call-secrets";
import { DEFAULT_QUEUE, REMOTE_UNDO_COMMAND } from "./queue-names";
import { LostWorkerError } from "./dispatcher";
import { noteStop } from "../runtime/stop-grace";
import { THREAD_ENDED } from "./thread-stop-grace";
import { foundUndoneNote } from "../record/found-undone-text";

export { REMOTE_UNDO_COMMAND };

/** What the scheduler's record keeps to undo a step that ran on a worker. */
export interface RemoteRollbackData {
  runId: string;
  stepId: string;
  /** Attempts sent so far: each is in the journal of the worker that ran it. */
  attempts: number;
  /** The queue its jobs went to. */
  queue: string;
  /** The worker that reported back; absent while none has. */
  worker?: string;
  /** Where that worker ran it (machine and working directory): its journal holds the step. */
  place?: string;
  /**
   * That worker reported the step succeeded: it recorded the step's start in
   * its journal before any effect, so an undo that finds no start there finds
   * a journal that lost it, not a step that did nothing.
   */
  journaled?: true;
  /** Workers lost while they ran an attempt (their undo waits for them); `*` for one the queue could not name. */
  lostOn?: string[];
  /**
   * Workers the scheduler saw holding an attempt: the undo goes to them even
   * when Redis lost the jobs (restarted without its data) and so who took them.
   */
  heldBy?: string[];
}

/** What every step of one run on workers shares. */
export interface RemoteRun {
  dispatcher: Dispatcher;
  /** The Redis address as the record may keep it (no password). */
  shownAddress: string;
  runId: string;
  workflow: string;
  source: SourceBundle;
  params: Record<string, string>;
  /** Which earlier steps each step reads: whose statuses and outputs its job carries. */
  reads: StepReads;
  /** The calls that make secrets of their arguments, and which did so far. */
  callSecrets: CallSecrets;
}

/**
 * A step of the workflow, run on a worker: the scheduler keeps its needs,
 * condition, retries, timeout and place in the rollback; each attempt is a
 * job, and its undo goes to the worker that did it. Intent before effect:
 * the record knows the attempt (and so where its undo would be) before the
 * job exists.
 */
export class RemoteStep implements WorkflowStep {
  readonly id: string;
  readonly description: string;
  readonly reversible: boolean;
  readonly needs?: readonly string[];
  readonly when?: (context: WorkflowContext) => boolean;
  readonly whenFalse?: (context: WorkflowContext) => string | undefined;
  readonly timeoutMs?: number;
  /** Its undo's deadline here too: a worker that does not answer must not hold the rollback. */
  readonly rollbackTimeoutMs?: number;
  readonly retries?: number;
  readonly retryDelayMs?: number;
  readonly continueOnError?: boolean;
  readonly joinsToleratedFailures?: boolean;
  readonly effectFree?: boolean;
  readonly runsAfterFailure?: boolean;
  readonly files?: StepFiles;
  /** Its output is a secret: the scheduler holds back what it hears of the step until its end, too. */
  readonly secretOutput?: readonly OutputPath[];
  /** A `for_each` step: its items are read here, and each instance is a job of its own. */
  readonly fanOut?: FanOut;

  private readonly queue: string;
  /** Jobs sent so far, over every attempt: each job's number names the worker's record of it. */
  private sent = 0;

  constructor(
    private readonly local: WorkflowStep,
    private readonly run: RemoteRun,
    /** Set when the step is an instance of a fan-out step: the worker makes it again from this. */
    private readonly instance?: FanOutInstance,
  ) {
    this.queue = local.runsOn ?? DEFAULT_QUEUE;
    this.id = local.id;
    this.description = local.description;
    this.reversible = local.reversible;
    if (local.needs) this.needs = local.needs;
    if (local.when) this.when = local.when;
    if (local.whenFalse) this.whenFalse = local.whenFalse;
    if (local.timeoutMs !== undefined) this.timeoutMs = local.timeoutMs;
    if (local.rollbackTimeoutMs !== undefined) this.rollbackTimeoutMs = local.rollbackTimeoutMs;
    if (local.retries !== undefined) this.retries = local.retries;
    if (local.retryDelayMs !== undefined) this.retryDelayMs = local.retryDelayMs;
    if (local.continueOnError !== undefined) this.continueOnError = local.continueOnError;
    if (local.joinsToleratedFailures) this.joinsToleratedFailures = true;
    if (local.effectFree) this.effectFree = true;
    if (local.runsAfterFailure) this.runsAfterFailure = true;
    if (local.secretOutput) this.secretOutput = local.secretOutput;
    if (local.fanOut) this.fanOut = remoteFanOut(local.fanOut, local.id, run);
  }

  async execute(context: WorkflowContext, execution: StepExecution): Promise<StepResult> {
    let outcome: StepJobResult | undefined;
    let data!: RemoteRollbackData;
    // In Redis before the first job that names it (once per run).
    const source = await this.run.dispatcher.source(this.run.source);
    // As a run on one machine masks a call's secret arguments when a called step starts.
    const secretCalls = this.run.callSecrets.bindFor(this.id, context);
    while (!outcome) {
      this.sent++;
      data = {
        runId: this.run.runId,
        stepId: this.id,
        attempts: this.sent,
        queue: this.queue,
        ...(data?.lostOn ? { lostOn: data.lostOn } : {}),
        ...(data?.heldBy ? { heldBy: data.heldBy } : {}),
      };
      execution.remember(data);
      try {
        outcome = await this.run.dispatcher.runStep(
          {
            kind: "step",
            runId: this.run.runId,
            workflow: this.run.workflow,
            stepId: this.id,
            attempt: this.sent,
            source,
            params: this.run.params,
            earlier: this.earlierSteps(context),
            ...(secretCalls.length > 0 ? { secretCalls } : {}),
            ...(this.instance ? { instance: this.instance } : {}),
          },
          this.queue,
          execution.signal,
          (worker) => {
            execution.reportWorker?.(worker);
            if (data.heldBy?.includes(worker)) return;
            data = { ...data, heldBy: [...(data.heldBy ?? []), worker] };
            try {
              execution.remember(data);
            } catch {
              // The record failed: the run hears of it and stops; the step's end says why.
            }
          },
          // No `worker` in its record: none ever held it (said in its log too).
          () => {
            execution.reportNeverStarted?.();
            execution.logger.warn("given up before any worker took it: it never started");
          },
          () =>
            execution.logger.warn(
              `no worker of queue "${this.queue}" is connected: the step waits for one (momoflow worker --queue ${this.queue} --on <this Redis> --name NAME)`,
            ),
        );
      } catch (error) {
        // Stopped here and not there: its step's error says that the worker ended its thread.
        if (
          execution.signal.aborted &&
          error instanceof Error &&
          error.message.endsWith(THREAD_ENDED)
        )
          noteStop(execution.signal.reason, `on its worker ${THREAD_ENDED}`);
        if (error instanceof LostWorkerError) {
          // Who took a lost job is told by the queue only until another worker fails it: kept here.
          data = { ...data, lostOn: [...(data.lostOn ?? []), error.worker ?? ANY_WORKER] };
          execution.remember(data);
        }
        // Sent again only when the step says it may run twice (its first run may have done part of its work).
        if (!(error instanceof LostWorkerError) || !this.local.retryOnLostWorker) throw error;
        if (execution.signal.aborted) throw error;
        execution.logger.warn(`${error.message}; retry_on_lost_worker: sending it again`);
      }
    }
    execution.reportWorker?.(outcome.worker);
    const reported: RemoteRollbackData = {
      ...data,
      worker: outcome.worker,
      ...(outcome.place !== undefined && { place: outcome.place }),
      ...(outcome.status === StepStatus.SUCCESS && { journaled: true as const }),
    };
    execution.remember(reported);
    // The step's log here holds what it printed there, after where it ran. A
    // silent step gets no log (a file per step): the record names its worker.
    if (outcome.log) {
      execution.logger.info(`ran on worker ${outcome.worker}`);
      // A step whose output is a secret: its worker held its stdout back and masked it (a failed
      // attempt's as one line of ***); passed on as stderr is, so its stderr lines are not hidden again.
      execution.writeOutput?.(this.secretOutput ? "stderr" : "stdout", outcome.log);
    }
    if (outcome.logIncomplete) {
      execution.logger.warn(
        `its log on worker ${outcome.worker} is incomplete: a write to it failed there (a full disk?), so not all it printed was kept`,
      );
      execution.reportLogIncomplete?.(outcome.worker);
    }
    // Its figures are the worker's: the time here includes the queue, the memory is its processes'.
    if (outcome.metrics.child) execution.reportChildMetrics(outcome.metrics.child);
    const result: StepResult = {
      stepId: this.id,
      status: outcome.status === StepStatus.SUCCESS ? StepStatus.SUCCESS : StepStatus.FAILED,
      metrics: outcome.metrics,
      attempts: 1,
      rollbackData: reported,
      worker: outcome.worker,
    };
    if (outcome.output !== undefined) result.output = outcome.output;
    if (outcome.status !== StepStatus.SUCCESS)
      result.error = `on worker ${outcome.worker}: ${outcome.error ?? outcome.status}`;
    return result;
  }

  async rollback(
    _context: WorkflowContext,
    result: StepResult,
    execution: StepExecution,
  ): Promise<void> {
    const outcome = await undoRemotely(
      this.run.dispatcher,
      result.rollbackData as RemoteRollbackData,
      execution.signal,
      (text) => execution.writeOutput?.("stdout", text),
    );
    // Undone there already (an undo sent meanwhile): said and recorded as momoflow rollback does.
    if (typeof outcome === "object") {
      execution.logger.warn(foundUndoneNote(outcome.foundUndoneOn));
      execution.reportFoundUndone?.(outcome.foundUndoneOn);
    }
  }

  undoRecipe(): UndoRecipe {
    return {
      kind: "undo",
      command: REMOTE_UNDO_COMMAND,
      args: { on: this.run.shownAddress },
    };
  }

  fingerprint(context: WorkflowContext): string | undefined {
    return this.local.fingerprint?.(context);
  }

  /** The statuses and outputs of the steps it reads that ended so far. */
  private earlierSteps(context: WorkflowContext): Record<string, EarlierStep> {
    const earlier: Record<string, EarlierStep> = {};
    for (const id of this.run.reads.of(this.id)) {
      const status = context.getStepStatus(id);
      if (status === StepStatus.PENDING || status === StepStatus.RUNNING) continue;
      earlier[id] = context.hasStepOutput(id)
        ? { status, output: context.getStepOutput(id) }
        : { status };
    }
    return earlier;
  }
}

/**
 * A fan-out step on workers: its items are read by the scheduler (as a run
 * here reads them, in its working directory), and each instance is a step
 * sent to a worker with its item.
 */
function remoteFanOut(local: FanOut, stepId: string, run: RemoteRun): FanOut {
  return {
    maxParallel: local.maxParallel,
    source: local.source,
    ...(local.prepare && { prepare: (context: WorkflowContext) => local.prepare!(context) }),
    items: (context) => local.items(context),
    instance: (index, item) =>
      new RemoteStep(local.instance(index, item), run, { of: stepId, index, item }),
    // A call made per item: each of its steps a job of its own, made again on the worker by its id.
    ...(local.instanceSteps && {
      instanceSteps: (index: number, item: unknown) =>
        local.instanceSteps!(index, item).map(
          (step) => new RemoteStep(step, run, { of: stepId, index, item }),
        ),
    }),
  };
}

/** In `lostOn`: a worker lost that the queue could not name. */
const ANY_WORKER = "*";

/**
 * What {@link undoRemotely} did: `never_taken` when no worker ever took any
 * attempt of the step (its scheduler was killed while its jobs waited; they
 * are off the queue now), so nothing of it ran and nothing was undone;
 * `{ foundUndoneOn }` when the workers that ran it found it undone already,
 * by the undo an earlier rollback had sent there, which went on after that
 * rollback was killed (see `UndoJobResult.foundUndone`): nothing was undone
 * again, and `foundUndoneOn` names those workers.
 */
export type RemoteUndoOutcome = "undone" | "never_taken" | { foundUndoneOn: string[] };

/**
 * Undoes a step on the worker that reported it and on the workers that took
 * its jobs, as the queue recorded them and as the scheduler saw them lost
 * (the queue forgets who took a job lost with its worker once another fails
 * it); when none can be named, on every worker known to this Redis. Each
 * undoes only what its own journal shows it started. Aborting `signal` (the
 * undo given up here) gives up the worker's running undo too, and starts no
 * other: its processes must not go on undoing after the run ended.
 * `print` is given what each worker's undo printed (see `UndoJobResult.log`).
 * @throws Error when an undo failed or a worker is not connected.
 */
export async function undoRemotely(
  dispatcher: Dispatcher,
  data: RemoteRollbackData,
  signal?: AbortSignal,
  print?: (text: string) => void,
): Promise<RemoteUndoOutcome> {
  const found = await dispatcher.takenBy(data.queue, data.runId, data.stepId, data.attempts);
  const taken = found?.workers;
  const lost = data.lostOn ?? [];
  const named = [
    ...(data.worker ? [data.worker] : []),
    ...(data.heldBy ?? []),
    ...lost.filter((w) => w !== ANY_WORKER),
  ];
  if (found?.untaken === data.attempts && named.length === 0 && lost.length === 0)
    return "never_taken";
  // Its jobs gone from Redis (restarted without its data) and no worker named: it ran on one
  // of the workers Redis knows, or on one it has forgotten.
  const unnamed = !taken && named.length === 0;
  // A worker lost unnamed: each known one undoes what its own journal shows it started.
  const workers =
    lost.includes(ANY_WORKER) || unnamed
      ? await dispatcher.knownWorkers()
      : [...new Set([...(taken ?? []), ...named])];
  // Its jobs gone from Redis and no worker named or known (Redis emptied): not reported undone.
  if (workers.length === 0 && !taken)
    throw new Error(
      `its jobs are gone from Redis and no worker is known to it: undo step "${data.stepId}" by hand on the worker that ran it (its journal there names it)`,
    );
  const job = {
    kind: "undo" as const,
    runId: data.runId,
    stepId: data.stepId,
    attempts: data.attempts,
  };
  let startedOnOne = false;
  // The workers that found the step undone already, and whether any undid something now.
  const foundUndoneOn: string[] = [];
  let undoneNow = false;
  for (const worker of workers) {
    signal?.throwIfAborted();
    const outcome = await dispatcher.undo(job, worker, signal);
    // What the undo printed there, shown and kept here as the step's undo output.
    if (outcome.log) print?.(outcome.log);
    if (outcome.status === "rollback_failed")
      throw new Error(`on worker ${worker}: ${outcome.error ?? "the undo failed"}`);
    if (outcome.status === "rolled_back") startedOnOne = true;
    if (outcome.status === "rolled_back" && outcome.foundUndone) foundUndoneOn.push(worker);
    else if (outcome.status === "rolled_back") undoneNow = true;
    // The worker of the name that ran it now runs elsewhere, with another journal: not undone.
    if (
      outcome.status === "nothing_to_undo" &&
      worker === data.worker &&
      data.place !== undefined &&
      outcome.place !== undefined &&
      outcome.place !== data.place
    )
      throw new Error(
        `worker ${worker} now runs at ${outcome.place}, whose journal has no record of step "${data.stepId}"; it ran the step at ${data.place}: start worker ${worker} there again and roll back again, or undo the step by hand there`,
      );
    // The worker that ran it, where it ran it, lost the journal its start was recorded in: not undone.
    if (outcome.status === "nothing_to_undo" && worker === data.worker && data.journaled)
      throw new Error(
        `the journal of worker ${worker} has no record of step "${data.stepId}", which it ran and recorded there: undo the step by hand where the worker runs${outcome.place === undefined ? "" : ` (${outcome.place})`}, or bring its journal back (.momoflow/workers/${worker}/) and roll back again`,
      );
  }
  // None of the workers Redis knows now ran it: the one that did is not known to it any more.
  if (unnamed && !startedOnOne)
    throw new Error(
      `its jobs are gone from Redis and no record names the worker that ran it; none of the workers it knows (${workers.join(", ")}) shows that it started: start the worker that ran it again and roll back again, or undo step "${data.stepId}" by hand on it (its journal there names it)`,
    );
  return foundUndoneOn.length > 0 && !undoneNow ? { foundUndoneOn } : "undone";
}
