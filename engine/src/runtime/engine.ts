import { recordedWorkflow } from "../record/recorded-workflow";
import type { FoundUndone } from "../record/found-undone-text";
import { callSpan, spanUnjoinedCalls } from "./call-span";
import { callsWorkflow } from "./calling-step";
import { rollbackFailedError } from "./rollback-failed-error";
import { setMaxListeners } from "node:events";
import { existsSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import type {
  JournalEvent,
  JournalStepInfo,
  RunFinishedEvent,
  RunStartedEvent,
  StepFinishedEvent,
} from "../record/journal-event";
import {
  JournalReplay,
  earlierUndoneFrom,
  ownAttemptsToUndo,
  type ReplayedStep,
} from "../record/journal-replay";
import { emitOutcome, emitTogether, JournalWriter, type EventSink } from "../record/journal-writer";
import { runStartedWith } from "../record/declared-steps";
import { isPlainOutcome, plainOutcomeEvent, type PlainOutcome } from "../record/plain-outcome";
import { ownProcessStamp } from "../record/process-liveness";
import { JournalReserve } from "../record/journal-reserve";
import { RecordWriteError } from "../record/record-write-error";
import { buildResultFile, type RunOutcome } from "../record/result-builder";
import { resultStepsByHand, writeResultFile } from "../record/result-file";
import { finishedEvent } from "../record/finished-event";
import { RunLogWriter, type LogWriteFailure } from "../record/step-log-writer";
import { LATEST_FILE, newRunId, runRecordPaths, runsDirOf } from "../record/run-paths";
import { removeUnstartedRunFolder } from "../record/unstarted-run-folder";
import { WorkflowContext } from "./context";
import {
  WorkflowDefinition,
  type DefinitionProblem,
  type WorkflowDefinitionInit,
} from "./definition";
import type { ExecuteOptions } from "./execute-options";
import { emptyMetrics, finishMeasurement, startMeasurement, type Measurement } from "./metrics";
import { WorkflowResult, type WorkflowResultFields } from "./result";
import { declaredSteps } from "./step-info";
import { LiveUndo } from "./live-undo";
import { undoSteps, type UndoItem } from "./rollback";
import { earlierEvents, earlierUndoCall, withEarlierAttempts } from "./earlier-attempts";
import { getCommandRegistry } from "../commands/registry";
import { shellQuote } from "../commands/shell-quote";
import { NOT_RUN_AFTER_TIMEOUT } from "./not-run-after-timeout";
import { Scheduler, whenEnded, type StepEnd, type StepStart } from "./scheduler";
import { StepStatus, WorkflowStatus } from "./status";
import { errorMessage, type StepResult, type UndoRecipe, type WorkflowStep } from "./step";
import { runStep, type RunServices } from "./step-runner";
import { fanOutStatus, instancesUndoError, recordedInstances } from "./fan-out";
import { givenUpFanOutResult, runFanOut, type FanOutHost } from "./fan-out-run";
import type { ResumeSource, ReusableStep } from "./resume-run";
import { reusedResult, reuseEvents, reuseVerdict } from "./step-reuse";
import { unreachedSteps, type ResumingState } from "./unreached-steps";
import { UpToDateCheck } from "./up-to-date";
import { SecretMask } from "./secret-mask";
import { StepStatusTable } from "./step-status-table";
import { maskingSink } from "../record/masking-sink";
import { RunRecordSink } from "../record/run-record-sink";
import { lostOutcome } from "../record/lost-outcome";
import { setLongTimeout } from "./long-timeout";
import { graceAfterAbort, STOP_GRACE_MS } from "./stop-grace";
import { runIdProblems } from "./run-id-check";
import { AbortFlag } from "./abort-flag";
import { noteRunFinished } from "./process-warmth";
import { successRate } from "./success-rate";
import { durationText } from "../units/quantity-text";
import { makeFolders } from "./make-folders";

/** Thrown by {@link WorkflowEngine.executeWorkflow} for a definition that cannot run. */
export class WorkflowValidationError extends Error {
  constructor(
    /** The workflow that is not valid. */
    readonly workflowId: string,
    /** Every problem `validate()` found (nothing ran). */
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
   *   A context serves one run at a time, and a later run as a fresh one
   *   would: what an earlier run made (outputs, artifacts, vars) is dropped
   *   as the run starts, what the caller set stays.
   * @throws Error when another run is running on `context`.
   * @throws WorkflowValidationError when the definition has problems (nothing runs then).
   */
  async executeWorkflow(
    definition: WorkflowDefinition | WorkflowDefinitionInit,
    context: WorkflowContext = new WorkflowContext(),
    options: ExecuteOptions = {},
  ): Promise<WorkflowResult> {
    if (definition === null || typeof definition !== "object") {
      // Untyped callers: said here, not as a TypeError from deep inside.
      throw new TypeError(
        `executeWorkflow: expected a WorkflowDefinition (new WorkflowDefinition({ id, steps })), got ${String(definition)}`,
      );
    }
    const def = WorkflowDefinition.from(definition);
    const problems = def.validate();
    const concurrency = options.concurrency ?? def.concurrency;
    if (options.concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 1)) {
      problems.push({
        code: "invalid_option",
        // As the definition's own check says it: 1.5, Infinity or "2" (from untyped code) is not "below 1".
        message: `concurrency must be a whole number of at least 1, got ${typeof concurrency === "string" ? JSON.stringify(concurrency) : String(concurrency)}`,
      });
    }
    if (options.runId !== undefined) {
      const runsDir =
        options.journal === false
          ? undefined
          : (options.runsDir ?? runsDirOf(context.workingDirectory));
      problems.push(...runIdProblems(options.runId, runsDir));
    }
    if (problems.length > 0) throw new WorkflowValidationError(def.id, problems);
    context.beginRun();
    try {
      return await new Run(def, context, options, concurrency).execute();
    } finally {
      context.endRun();
    }
  }
}

/** One run of one workflow. */
class Run {
  private readonly runId: string;
  private readonly runDir: string | undefined;
  private readonly runsDir: string;
  private readonly journal: boolean;
  private sink: EventSink | undefined;
  /** The journal, with the room it keeps for the rollback's lines (see {@link JournalReserve}). */
  private writer: JournalWriter | undefined;
  /** What hears the run's events after the journal: the replay and the listener. */
  private followers: EventSink | undefined;
  /** The journal alone, masked: for a line the followers heard already. */
  private journalSink: EventSink | undefined;
  /**
   * Outcomes of steps that ran, whose lines the journal could not take (a full
   * disk) and that a later rollback needs — the undo resolved from the step's
   * output, rollback data recorded with the outcome: written again from the
   * reserve before the run's rollback or end (see {@link outcomeUnwritten}).
   */
  private unwrittenOutcomes: JournalEvent[] | undefined;
  /** The run's own events, replayed as they happen: what is left to undo, and result.json. */
  private readonly replay = new JournalReplay();
  private readonly results: (StepResult | undefined)[];
  private readonly controller = new AbortController();
  /** The controller's `aborted`, as a field: its listener is the signal's first. */
  private readonly signalAborted = new AbortFlag(this.controller.signal);
  private readonly rollbackOnFailure: boolean;
  private firstFailure: string | undefined;
  /** Steps started after the run's first failure (cleanup steps): their effects are kept. */
  private startedAfterFailure: Set<number> | undefined;
  /** The first write to the run record that failed. */
  private recordError: RecordWriteError | undefined;
  /** The journal holds the run's first line (`run_started`). */
  private startRecorded = false;
  private scheduler: Scheduler | undefined;
  /**
   * Undos of half-done `continue_on_error` steps under way: a run that stops
   * at once stops waiting for its steps, not for these — their outcome must
   * be recorded before the rollback plans and before the record closes.
   */
  private readonly undosNow = new Set<Promise<void>>();
  /**
   * Hides the definition's secrets in all the run writes (the replay keeps real values: the live undo
   * needs them), and those that become secrets during the run (the context's {@link WorkflowContext.secrets}).
   */
  private readonly mask: SecretMask;
  /** Where steps keep their backups: in the run record, or a temp folder without one. */
  private readonly backupsDir: string;
  /** Steps that succeeded in the resumed run but changed since: step index → that run's id (made by a resume). */
  private changedSince: Map<number, string> | undefined;
  /** The steps whose earlier attempts (what the resumed run left to undo of them) this run took over. */
  private earlierTaken: Set<string> | undefined;
  /** Made when a step with `outputs:` is first due. */
  private upToDate: UpToDateCheck | undefined;
  /** The fingerprints of the steps started, by index (language steps of a recorded run). */
  private fingerprints: Map<number, string> | undefined;
  /** The definition's steps, then the instances of fan-out steps as they are known (a copy made on the first). */
  private steps: WorkflowStep[];
  /** Each fan-out step's instances: step index → index of the first and count. */
  private instancesOf: Map<number, { first: number; count: number }> | undefined;
  private readonly failSteps: Set<string>;
  private services: RunServices | undefined;
  /** How each step ended, by index: what `steps.x.status` reads during the run. */
  private readonly statuses: StepStatusTable;
  /** The run stopped waiting for steps that ignored its cancellation: their late ends are ignored. */
  private abandoned = false;
  /** The run has ended: what a step given up on prints now is dropped. */
  private ended = false;
  /** Steps the scheduler found would never run while the run went on (see `Scheduler`'s `neverRuns`). */
  private blocked: Set<number> | undefined;
  /** Halt the schedulers of the calls made per item running now (see fan-out-run.ts), with the run's. */
  private callHalts: Set<() => void> | undefined;
  /** When the workflow's timeout ends the run (`performance.now()`); undefined without one. */
  private runDeadline: number | undefined;
  /** A timed-out run's steps its timeout left unstarted (see {@link leftByTimeout}); undefined: it did not time out. */
  private notRunAfterTimeout: string[] | undefined;
  /** The worker holding each step's latest attempt that reported one (`run --on`), by step id. */
  private readonly heldBy = new Map<string, string>();
  /** The attempt of each step that reported it never started (`run --on`), by step id. */
  private readonly neverStarted = new Map<string, number>();

  constructor(
    private readonly def: WorkflowDefinition,
    private readonly context: WorkflowContext,
    private readonly options: ExecuteOptions,
    private readonly concurrency: number,
  ) {
    this.runId = options.runId ?? newRunId(def.id);
    // Every running step may listen to the run's signal (a sleep, a shell
    // action): with `concurrency` above ten, Node would warn of a leak that is none.
    if (concurrency > 10) setMaxListeners(concurrency + 10, this.controller.signal);
    this.rollbackOnFailure = options.rollbackOnFailure ?? def.rollbackOnFailure;
    this.results = new Array<StepResult | undefined>(def.steps.length);
    this.steps = def.steps;
    this.statuses = new StepStatusTable(def.steps.length, (i) => this.steps[i]!.id);
    this.failSteps = new Set(options.failSteps ?? []);
    this.journal = options.journal ?? true;
    this.runsDir = options.runsDir ?? runsDirOf(context.workingDirectory);
    this.runDir = this.journal ? join(this.runsDir, this.runId) : undefined;
    this.mask = SecretMask.of(def.secrets);
    // Shared: what the run learns is a secret (a call's argument) is masked everywhere from then on.
    context.secrets = this.mask;
    // Without a run record, backups go to a temp folder (created by a command only when it needs one).
    this.backupsDir = this.runDir
      ? runRecordPaths(this.runDir).backups
      : join(tmpdir(), "momoflow-backups", this.runId);
  }

  async execute(): Promise<WorkflowResult> {
    const { def, context } = this;
    const measurement = startMeasurement();
    context.runId = this.runId;
    context.runDir = this.runDir;
    context.readStatusesFrom(this.statuses);
    for (const [name, value] of Object.entries(def.variables))
      context.setWorkflowVariable(name, value);
    if (!this.openRecord()) return this.unrecordedFailure(measurement);

    const detach = this.linkCancellation();
    const backupsDir = this.backupsDir;
    const services: RunServices = {
      context,
      signal: this.controller.signal,
      signalAborted: this.signalAborted,
      sink: this.sink,
      backupsDir,
      failSteps: this.failSteps,
      listener: {
        recordFailed: (error) => this.recordFailed(error),
        workerHolds: (stepId, worker) => this.heldBy.set(stepId, worker),
        attemptNeverStarted: (stepId, attempt) => this.neverStarted.set(stepId, attempt),
      },
      ...(this.runDir && { logs: new RunLogWriter(this.runDir, (f) => this.logsFailed(f)) }),
      ...(this.options.onOutput && { onOutput: this.untilEnded(this.options.onOutput) }),
      mask: this.mask,
    };
    this.services = services;
    const scheduler = new Scheduler(
      def.steps,
      this.concurrency,
      (i, startMono) => this.runOne(i, services, startMono),
      (i) => this.neverRunning(i),
    );
    this.scheduler = scheduler;
    // A cancelled run starts nothing new, not even a cleanup step; steps not started stay not_run.
    const stopOnAbort = (): void => {
      scheduler.halt();
      for (const halt of this.callHalts ?? []) halt();
    };
    if (this.controller.signal.aborted) scheduler.halt();
    else this.controller.signal.addEventListener("abort", stopOnAbort, { once: true });
    try {
      await this.untilStepsStop(scheduler.run());
      // Given up with the rest (a second Ctrl+C), they end within their stop grace.
      while (this.undosNow.size > 0) await Promise.allSettled([...this.undosNow]);
    } finally {
      detach();
      this.controller.signal.removeEventListener("abort", stopOnAbort);
    }
    // No timer fires while a step keeps the thread busy: a run that ended past its timeout timed out.
    if (this.runDeadline !== undefined && performance.now() >= this.runDeadline)
      this.controller.abort(this.timeoutError());

    const cancelled =
      this.controller.signal.aborted && !(this.controller.signal.reason instanceof RunTimeoutError);
    // A failure before the timeout had stopped the run already: what it blocked, it blocked.
    const failedFirst = this.firstFailure !== undefined;
    if (this.controller.signal.reason instanceof RunTimeoutError)
      this.firstFailure ??= this.controller.signal.reason.message;
    // Steps left behind by a failure the run went on after: the run did not do all its work.
    if (!cancelled) this.firstFailure ??= this.neverRan();
    this.takeOverUnreachedSteps();
    this.writeUnwrittenOutcomes();
    const failed = this.firstFailure !== undefined || cancelled;
    let status: WorkflowStatus = WorkflowStatus.SUCCESS;
    const giveUp = context.giveUpSignal;
    /** The rollback stopped because the disk had no room left to record more undos. */
    let unrecordable = false;
    /** The steps its workers found undone already (`run --on`): said in the summary. */
    let foundUndone: FoundUndone[] = [];
    if (failed) {
      status = cancelled ? WorkflowStatus.CANCELLED : WorkflowStatus.FAILED;
      // Stopped at once before the rollback began: it is left whole to `momoflow rollback`.
      if (this.rollbackOnFailure && !giveUp.aborted) {
        const plan = this.replay.undoPlan();
        const outcome = await undoSteps(
          plan.toUndo.map((s) => this.undoItem(s, backupsDir)),
          cancelled ? "cancelled" : "failure",
          this.recordUndoEvent,
          { giveUp, recordable: this.recordable },
        );
        unrecordable = outcome.unrecordable;
        foundUndone = outcome.foundUndone;
        for (const id of outcome.rolledBack) this.setUndone(id);
        for (const [id, error] of outcome.failed) this.undoFailed(id, error);
        if (this.instancesOf) this.settleFanOutStatuses(this.instancesOf, outcome.failed);
        // Nothing to undo: the run failed, and that is all there is to say.
        if (!cancelled && (plan.toUndo.length > 0 || plan.irreversible.length > 0)) {
          const complete =
            outcome.failed.size === 0 &&
            outcome.notAttempted.length === 0 &&
            plan.irreversible.length === 0;
          status = complete ? WorkflowStatus.ROLLED_BACK : WorkflowStatus.PARTIALLY_ROLLED_BACK;
        }
      }
    }

    // The steps its timeout left unstarted say why, as result.json says it (see not-run-after-timeout.ts).
    const timedOut = this.controller.signal.reason instanceof RunTimeoutError;
    if (timedOut) this.notRunAfterTimeout = this.leftByTimeout(failedFirst);
    const declared = def.steps.map((step, i): StepResult => {
      const ran = this.results[i];
      if (ran) return ran;
      const notRun: StepResult = {
        stepId: step.id,
        status: this.unstartedStatus(step),
        metrics: emptyMetrics(),
        attempts: 0,
      };
      return notRun;
    });
    const stepResults = this.instancesOf
      ? withInstanceResults(declared, this.instancesOf, this.steps, this.results, (step) =>
          this.unstartedStatus(step),
        )
      : declared;
    spanUnjoinedCalls(stepResults, (r) => r.stepId);
    if (this.notRunAfterTimeout) giveReasons(stepResults, this.notRunAfterTimeout);
    const metrics = finishMeasurement(measurement);
    const result = new WorkflowResult(
      {
        runId: this.runId,
        workflowId: def.id,
        status,
        stepResults,
        metrics,
        successRate: successRate(
          stepResults,
          (r) => r.stepId,
          (r) => r.status,
          this.summedUpIds(),
        ),
        rolledBackSteps: this.replay.rolledBackOrder(),
      },
      { definition: def, workdir: context.workingDirectory, ...this.instanceInfos() },
    );
    const cause =
      this.firstFailure ??
      (cancelled ? cancellationMessage(this.controller.signal.reason) : undefined);
    // Nothing left to undo (a step given up never started): no rollback to ask for.
    let error =
      cause !== undefined &&
      giveUp.aborted &&
      this.rollbackOnFailure &&
      this.replay.undoPlan().toUndo.length > 0
        ? cause + rollbackStoppedMessage(this.runDir)
        : cause;
    if (error !== undefined && unrecordable) error += rollbackUnrecordableMessage(this.runDir);
    if (error !== undefined) result.error = error;
    if (this.runDir) result.runDir = this.runDir;
    // A step given up on may still print: not into the ended run's logs, nor after its summary.
    this.ended = true;
    services.logs?.end();
    const incompleteLogs = services.logs?.incompleteLogs;
    if (incompleteLogs?.length) result.incompleteLogs = incompleteLogs;
    const incompleteLogsOn = services.logs?.incompleteLogsOn;
    if (incompleteLogsOn && Object.keys(incompleteLogsOn).length > 0)
      result.incompleteLogsOn = incompleteLogsOn;
    if (foundUndone.length > 0) result.foundUndone = foundUndone;
    this.endRecord(result, failed);
    noteRunFinished();
    return result;
  }

  /**
   * The status of a step the run never started: `not_run`, or for a calling
   * step how its call ended (see `JournalReplay.unstartedStatus`). Only a
   * calling step is looked up in the replay.
   */
  private unstartedStatus(step: WorkflowStep): StepStatus {
    return callsWorkflow(step.id, step.needs, step.effectFree)
      ? this.replay.unstartedStatus(step.id)
      : StepStatus.NOT_RUN;
  }

  /** Step `i` will never run while the run goes on: blocked by a failure, not by a later timeout. */
  private neverRunning(i: number): void {
    (this.blocked ??= new Set()).add(i);
    this.statuses.set(i, this.steps[i]!.id, StepStatus.NOT_RUN);
  }

  /**
   * The ids of the steps the workflow's timeout left unstarted: not
   * those a failure had blocked before it — a step known never to run
   * (`blocked`), or, when a failure came first (`failedFirst`: the run had
   * stopped starting steps), any step but one that runs after a failure (a
   * handler still waiting for a step the timeout stopped).
   */
  private leftByTimeout(failedFirst: boolean): string[] {
    // The instances of fan-out steps and the steps of calls made per item too.
    return this.steps.flatMap((step, i) =>
      this.results[i] === undefined &&
      !this.blocked?.has(i) &&
      (!failedFirst || step.runsAfterFailure === true)
        ? [step.id]
        : [],
    );
  }

  /** Records the run's end (`run_finished`), settles its reserve, and writes result.json. */
  private endRecord(result: WorkflowResult, failed: boolean): void {
    const finished: RunFinishedEvent = {
      type: "run_finished",
      time: Date.now(),
      status: result.status,
      metrics: result.metrics,
    };
    if (result.error !== undefined) finished.error = result.error;
    if (this.notRunAfterTimeout) finished.notRunAfterTimeout = this.notRunAfterTimeout;
    this.writeUnwrittenOutcomes();
    // The run's end may use what is left of the reserve: it says how the run ended.
    this.withReserve(() => {
      this.record(finished);
      this.closeRecord();
    });
    // Before result.json: a run that needs its reserve no more gives result.json the room.
    this.settleReserve(failed);
    if (this.runDir && this.journal) this.writeResult(result);
    if (this.recordError) result.recordError = this.recordError.message;
  }

  /**
   * Opens the journal, records the run's start, then makes the reserve; false
   * when any of it cannot be written (nothing has run then).
   */
  private openRecord(): boolean {
    let writer: JournalWriter | undefined;
    try {
      if (this.runDir) writer = new JournalWriter(runRecordPaths(this.runDir).journal, this.runDir);
    } catch (error) {
      this.recordError = error instanceof RecordWriteError ? error : undefined;
      if (!this.recordError) throw error;
      return false;
    }
    this.writer = writer;
    // Its steps' metrics are encoded once, for the journal, and copied into result.json.
    const stepCount = this.def.steps.length;
    if (resultStepsByHand(stepCount)) writer?.keepMetrics(stepCount);
    const listener = this.options.onEvent;
    this.followers = new RunRecordSink(undefined, this.replay, listener, this.mask);
    this.journalSink = maskingSink(writer, this.mask);
    this.sink = new RunRecordSink(writer, this.replay, listener, this.mask);
    const { def, context } = this;
    const started: RunStartedEvent = runStartedWith(
      {
        type: "run_started",
        v: 1,
        time: Date.now(),
        runId: this.runId,
        workflow: recordedWorkflow(def),
        ...(def.source ? { source: def.source } : {}),
        ...(def.stepDefinitions ? { stepDefinitions: def.stepDefinitions } : {}),
        workdir: context.workingDirectory,
        pid: process.pid,
        concurrency: this.concurrency,
        rollbackOnFailure: this.rollbackOnFailure,
        variables: plainVariables(context.getVariables()),
        steps: [],
      },
      declaredSteps(def.steps),
    );
    if (this.options.resume) started.resumedFrom = this.options.resume.runId;
    const ticks = ownProcessStamp().startTicks;
    if (ticks !== undefined) started.pidStartTicks = ticks;
    try {
      this.sink!.emit(started);
    } catch (error) {
      if (!(error instanceof RecordWriteError)) throw error;
      this.recordError = error;
      this.closeRecord();
      return false;
    }
    this.startRecorded = true;
    // Only once the run is recorded: `latest` must not name a folder that holds no run.
    if (this.runDir) writeLatest(this.runsDir, this.runId, this.context);
    return writer === undefined || this.makeReserve(writer);
  }

  /**
   * The reserve that lets the rollback's lines be written on a full disk, made
   * right after the journal's first line: a run killed at any point leaves a
   * reserve only beside a journal that `momoflow rollback` reads, and removes
   * the reserve of. (A rollback of an empty journal must not: the run may be
   * just starting, and holds no lock.) A run that cannot make its reserve
   * runs nothing: it could not promise to record its undos.
   */
  private makeReserve(writer: JournalWriter): boolean {
    try {
      writer.reserve = JournalReserve.create(
        runRecordPaths(this.runDir!).reserve,
        JournalReserve.bytesFor(this.def.steps.length),
      );
    } catch (error) {
      if (!(error instanceof RecordWriteError)) throw error;
      this.recordError = error;
      return false;
    }
    return true;
  }

  /** The result of a run whose record could not be started (its first line, its reserve): nothing ran. */
  private unrecordedFailure(measurement: Measurement): WorkflowResult {
    const message = this.recordError!.message;
    // Its start unrecorded, the run's folder holds no run: removed, nothing takes it for one.
    const removed = !this.startRecorded && !!this.runDir && removeUnstartedRunFolder(this.runDir);
    const fields: WorkflowResultFields = {
      runId: this.runId,
      workflowId: this.def.id,
      status: WorkflowStatus.FAILED,
      stepResults: this.def.steps.map((step) => ({
        stepId: step.id,
        status: StepStatus.NOT_RUN,
        metrics: emptyMetrics(),
        attempts: 0,
      })),
      metrics: finishMeasurement(measurement),
      successRate: 0,
      rolledBackSteps: [],
      error: `${message}; nothing was run${removed ? ", and no run was recorded" : ""}`,
      recordError: message,
    };
    // Only a folder that was made: one that could not be (a file in its way) is named nowhere.
    if (this.runDir && (this.startRecorded || existsSync(this.runDir))) fields.runDir = this.runDir;
    const result = new WorkflowResult(fields, {
      definition: this.def,
      workdir: this.context.workingDirectory,
    });
    // The journal holds the run's start (its reserve could not be made): it records the end too.
    if (this.startRecorded) this.endRecord(result, true);
    return result;
  }

  /** Records an event the run can go on without; a failed write fails the run, it does not end it. */
  private record(event: JournalEvent, durable = true): void {
    try {
      this.sink?.emit(event, durable);
    } catch (error) {
      if (!(error instanceof RecordWriteError)) throw error;
      this.recordFailed(error);
      if (event.type === "step_finished") this.outcomeUnwritten(event, durable);
    }
  }

  /** Records a plain outcome, not durably, as {@link record} does its event. */
  private recordOutcome(outcome: PlainOutcome): void {
    if (!this.sink) return;
    try {
      emitOutcome(this.sink, outcome);
    } catch (error) {
      if (!(error instanceof RecordWriteError)) throw error;
      this.recordFailed(error);
      this.outcomeUnwritten(plainOutcomeEvent(outcome), false);
    }
  }

  /**
   * A step's outcome the journal could not take. The step ran: its outcome is
   * a fact for the replay (result.json, the live rollback) and the listener
   * all the same, as an undo's is (see {@link recordUndo}). One that a later
   * rollback needs — it holds the undo resolved from the step's output, or
   * rollback data not recorded before — is written again before the run's
   * rollback or end, from the reserve (see {@link writeUnwrittenOutcomes}):
   * without it, `momoflow rollback` could not undo the step.
   */
  private outcomeUnwritten(event: StepFinishedEvent, durable: boolean): void {
    this.followers?.emit(event, durable);
    if (this.writer && (event.undo !== undefined || event.rollbackData !== undefined))
      (this.unwrittenOutcomes ??= []).push(event);
  }

  /**
   * Writes, drawing on the reserve, the outcomes a full disk kept out of the
   * journal: those a failed write took with it (see `JournalWriter.writeLost`),
   * then those kept by {@link outcomeUnwritten}; once.
   */
  private writeUnwrittenOutcomes(): void {
    const events = this.unwrittenOutcomes ?? [];
    this.unwrittenOutcomes = undefined;
    const { writer, journalSink: journal } = this;
    if (!writer || !journal || (events.length === 0 && !writer.hasLost)) return;
    this.withReserve(() => {
      try {
        writer.writeLost();
        for (const event of events) journal.emit(lostOutcome(event));
      } catch (error) {
        if (!(error instanceof RecordWriteError)) throw error;
        this.recordError ??= error;
      }
    });
  }

  /**
   * Records events that stand or fall together (a reused step's intents and
   * outcome) in one write: a kill between them would leave the step looking
   * half-done to a later rollback or `--resume`.
   */
  private recordTogether(events: readonly JournalEvent[]): void {
    if (!this.sink) return;
    try {
      emitTogether(this.sink, events);
    } catch (error) {
      if (!(error instanceof RecordWriteError)) throw error;
      this.recordFailed(error);
    }
  }

  /**
   * Records an event of the rollback. An undo that happened happened, also
   * when the journal could not take its line (a full disk): the replay (the
   * summary, result.json) and the listener still hear of it, as in
   * `rollbackRun`. Forward events are not passed on so: a step whose intent
   * was not written never ran.
   */
  private recordUndo(event: JournalEvent): void {
    try {
      if (this.writer) this.writer.withReserve(this.emitToSink, event);
      else this.emitToSink(event);
    } catch (error) {
      if (!(error instanceof RecordWriteError)) throw error;
      this.recordFailed(error);
      this.followers?.emit(event);
    }
  }

  /** {@link recordUndo} and the sink's emit, each made once: a rollback records one line per undo. */
  private readonly recordUndoEvent = (event: JournalEvent): void => this.recordUndo(event);
  private readonly emitToSink = (event: JournalEvent): void => this.sink?.emit(event);

  /** Runs `write`, whose lines may draw on the journal's reserve (see `JournalWriter.withReserve`). */
  private withReserve(write: () => void): void {
    if (this.writer) this.writer.withReserve(write);
    else write();
  }

  /** Whether an undo started now is sure to have its outcome recorded (see `UndoOptions.recordable`). */
  private readonly recordable = (): boolean => this.writer?.roomAssured() ?? true;

  /**
   * Removes the reserve when the run ends, unless it failed and left steps to
   * undo — its rollback stopped, or off (`--no-rollback`): `momoflow rollback`
   * then draws on what is left of it.
   */
  private settleReserve(failed: boolean): void {
    const reserve = this.writer?.reserve;
    if (!reserve) return;
    const leftToUndo = failed && this.replay.undoPlan().toUndo.length > 0;
    if (!leftToUndo) reserve.remove();
  }

  private recordFailed(error: RecordWriteError): void {
    this.recordError ??= error;
    this.firstFailure ??= error.message;
    this.scheduler?.halt();
  }

  /** The steps' logs could not be written: said once; the run and its journal go on. */
  private logsFailed(failure: LogWriteFailure): void {
    const kept = failure.keptBytes > 0 ? `, its first ${failure.keptBytes} bytes kept` : "";
    this.context.logger.warn(
      `the steps' logs are no longer written (the run goes on, its journal is the record): ` +
        `${failure.error.message} (the log of step "${failure.stepId}"${kept})`,
    );
  }

  private closeRecord(): void {
    try {
      this.sink?.close();
    } catch (error) {
      if (!(error instanceof RecordWriteError)) throw error;
      this.recordError ??= error;
    }
  }

  /** result.json, from the journal replay; a run still reports what happened when it cannot be written. */
  private writeResult(result: WorkflowResult): void {
    const outcome: RunOutcome = { status: result.status, metrics: result.metrics };
    if (result.error !== undefined) outcome.error = result.error;
    if (this.notRunAfterTimeout) outcome.notRunAfterTimeout = this.notRunAfterTimeout;
    if (result.incompleteLogs !== undefined) outcome.incompleteLogs = result.incompleteLogs;
    if (result.incompleteLogsOn !== undefined) outcome.incompleteLogsOn = result.incompleteLogsOn;
    if (result.foundUndone !== undefined) outcome.foundUndone = result.foundUndone;
    try {
      // A log its rollback's undo wrote (the step printed nothing when it ran) is named too.
      // Only this run wrote its logs: its writer knows which (no file system call per step).
      const logs = this.services?.logs;
      const hasLog = (log: string): boolean => logs?.wrote(log) === true;
      const file = this.mask.value(buildResultFile(this.replay, outcome, hasLog));
      writeResultFile(runRecordPaths(this.runDir!).result, file, true, this.writer?.keptMetrics);
    } catch (error) {
      if (!(error instanceof RecordWriteError)) throw error;
      this.recordError ??= error;
    } finally {
      this.writer?.dropKeptMetrics();
    }
  }

  /**
   * Starts step `i`: its `when` first, then the step itself, which may take
   * `startMono` as its start (see `runStep`; NaN: none).
   */
  private runOne(i: number, services: RunServices, startMono = NaN): StepStart {
    const step = this.steps[i]!;
    if (step.fanOut) return runFanOut(i, step, this.fanOutHost());
    // Started to handle a failure (a cleanup step): what it does is kept by the rollback.
    const afterFailure = this.firstFailure !== undefined;
    if (afterFailure) (this.startedAfterFailure ??= new Set()).add(i);
    const notRun = step.when ? this.whenStopsStep(step) : undefined;
    if (notRun?.status === StepStatus.SKIPPED) {
      if (this.takeOverSkipped(i)) return "done";
      this.takeOverEarlier(i);
      this.results[i] = notRun;
      this.statuses.set(i, step.id, StepStatus.SKIPPED);
      this.record(finishedEvent(notRun, false, undefined, this.mask), false);
      return "done";
    }
    // A `when` that threw is the step's failure, recorded as any other.
    if (notRun) {
      this.takeOverEarlier(i);
      return this.stepEnded(i, notRun, false);
    }
    // Only a recorded run can be compared with earlier ones.
    const fingerprint = this.runDir ? step.fingerprint?.(this.context) : undefined;
    if (fingerprint !== undefined) {
      if (this.reusedFromResumedRun(i, fingerprint)) return "done";
      this.takeOverEarlier(i);
      if (this.upToDateNow(i, fingerprint)) return "done";
      (this.fingerprints ??= new Map()).set(i, fingerprint);
    } else this.takeOverEarlier(i);
    // A step whose `when` or fingerprint ran (user code, a hash, the up-to-date check) reads its own start.
    const handedOn = step.when || fingerprint !== undefined ? NaN : startMono;
    return runStep(step, services, i, this, afterFailure, handedOn);
  }

  /** The steps' infos by id, for the result's JSON, when fan-out steps added instances. */
  private instanceInfos(): { stepInfos?: Map<string, JournalStepInfo> } {
    if (!this.instancesOf) return {};
    return { stepInfos: new Map(this.replay.stepInfos().map((info) => [info.id, info])) };
  }

  /** The ids of the fan-out steps that have instances (see success-rate.ts). */
  /** The rows that only sum others up: fan-out steps that ran instances, steps that called a workflow (see `successRate`). */
  private summedUpIds(): Set<string> {
    const ids = new Set<string>();
    for (const [group, { count }] of this.instancesOf ?? []) {
      if (count > 0) ids.add(this.steps[group]!.id);
    }
    // Indexed: see succeededSteps (once per run, no object per step).
    const steps = this.steps;
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i]!;
      if (callsWorkflow(step.id, step.needs, step.effectFree)) ids.add(step.id);
    }
    return ids;
  }

  /** How a fan-out step (`for_each`) runs its instances as steps of this run: see fan-out-run.ts. */
  private fanOutHost(): FanOutHost {
    return {
      context: this.context,
      concurrency: this.concurrency,
      record: (event) => this.record(event),
      addInstances: (step, instances) => {
        if (this.steps === this.def.steps) this.steps = this.def.steps.slice();
        const first = this.steps.length;
        this.steps.push(...instances);
        // Not always a declared step: one of a call made per item (`deploy[0]/parts`) is added too.
        const group = this.steps.indexOf(step);
        (this.instancesOf ??= new Map()).set(group, { first, count: instances.length });
        // `fail: convert` in a test fails its instances.
        if (this.failSteps.has(step.id)) for (const s of instances) this.failSteps.add(s.id);
        return first;
      },
      mayStart: (step) =>
        !this.controller.signal.aborted &&
        (this.firstFailure === undefined || step.runsAfterFailure === true),
      start: (index) => whenEnded(this.runOne(index, this.services!)),
      neverRuns: (index) => this.neverRunning(index),
      onHalt: (halt) => {
        if (this.controller.signal.aborted) {
          halt();
          return () => {};
        }
        const halts = (this.callHalts ??= new Set());
        halts.add(halt);
        return () => halts.delete(halt);
      },
      resultOf: (index) => this.results[index],
      ended: (index, result) => this.fanOutEnded(index, result),
    };
  }

  /**
   * After a rollback: each fan-out step's status as its instances' undos left
   * it. The latest fanned out first: a fan-out step of a call made per item
   * (`deploy[0]/parts`) fanned out after the step whose instance made the
   * call, whose status reads its settled one.
   */
  private settleFanOutStatuses(
    instancesOf: ReadonlyMap<number, { first: number; count: number }>,
    undoErrors: ReadonlyMap<string, string>,
  ): void {
    for (const [group, { first, count }] of [...instancesOf].reverse()) {
      const result = this.results[group];
      if (!result) continue;
      const results = this.results.slice(first, first + count);
      // A member that failed itself is no instance undone (see fanOutStatus): the record's own outcome says so.
      const members = this.steps.slice(first, first + count).map((step, k) => ({
        id: step.id,
        status: results[k]?.status ?? StepStatus.NOT_RUN,
        failed: this.replay.get(step.id)?.status === StepStatus.FAILED,
      }));
      const before = result.status;
      result.status = fanOutStatus(before, members);
      // It failed no undo of its own: the row says which of its instances' did.
      if (result.status === StepStatus.ROLLBACK_FAILED && before !== result.status) {
        const failed = members.flatMap((m, k) =>
          m.status === StepStatus.ROLLBACK_FAILED && !m.failed
            ? [{ id: m.id, error: undoErrors.get(m.id) ?? results[k]?.error ?? "unknown error" }]
            : [],
        );
        const ids = members.map((m) => m.id);
        result.error = instancesUndoError(result.stepId, ids, failed);
      }
    }
  }

  /** Records a fan-out step's own outcome (its instances recorded theirs). */
  private fanOutEnded(i: number, result: StepResult): StepEnd | Promise<StepEnd> {
    if (result.status !== StepStatus.SKIPPED) return this.stepEnded(i, result, false);
    this.results[i] = result;
    this.statuses.set(i, result.stepId, StepStatus.SKIPPED);
    // Its list (empty, or of skipped instances' nulls): the steps that need it run and may read it.
    if (result.output !== undefined) this.context.setStepOutput(result.stepId, result.output);
    this.record(finishedEvent(result, false, undefined, this.mask), false);
    return "done";
  }

  /**
   * Waits for the scheduler's run; once the run is cancelled (or timed out),
   * at most {@link STOP_GRACE_MS} more. A step that ignores its signal and
   * never settles would otherwise hold the run, and the rollback of
   * everything it did, forever: such a step is given up as half-done (its
   * work may go on) and undone with the others.
   */
  private async untilStepsStop(running: Promise<void>): Promise<void> {
    const grace = graceAfterAbort(this.controller.signal);
    // Asked to stop at once (a second Ctrl+C): the grace is not waited for.
    const giveUp = graceAfterAbort(this.context.giveUpSignal, 0);
    try {
      const abandoned = await Promise.race([
        running.then(() => false),
        grace.passed.then(() => true),
        giveUp.passed.then(() => true),
      ]);
      if (abandoned) this.abandonRunningSteps();
    } finally {
      grace.clear();
      giveUp.clear();
    }
  }

  /** Ends every step still running as failed: its intent is recorded, its outcome never came. */
  private abandonRunningSteps(): void {
    const pending: number[] = [];
    this.steps.forEach((step, i) => {
      if (this.results[i] === undefined && this.replay.get(step.id)?.started) pending.push(i);
    });
    const why = this.context.giveUpSignal.aborted
      ? "the run was stopped at once"
      : `it did not stop within ${durationText(STOP_GRACE_MS)} of the run being stopped`;
    for (const i of pending) {
      const stepId = this.steps[i]!.id;
      const attempts = this.replay.get(stepId)!.attemptsStarted;
      // Its job taken off the queue before any worker took it: nothing of it goes on.
      const neverStarted = this.neverStarted.get(stepId) === attempts;
      const error = neverStarted
        ? `cancelled: ${why}, before any worker took it: it never started`
        : `cancelled: ${why}, and it was given up (its work may go on)`;
      const result: StepResult = {
        stepId,
        status: this.stoppedStatus(),
        metrics: emptyMetrics(0),
        attempts,
        error,
      };
      if (neverStarted) result.neverStarted = true;
      // Its undo goes there, and the record says where its work may go on.
      const worker = this.heldBy.get(stepId);
      if (worker !== undefined) result.worker = worker;
      const log = this.services?.logs?.markGivenUp(stepId, "the run gave this step up");
      if (log !== undefined) result.log = log;
      void this.stepEnded(i, result, false);
    }
    // A fan-out step whose instance (or a call's step) was given up never ends by itself: it ends as they did.
    for (const [group, { first, count }] of [...(this.instancesOf ?? [])].reverse()) {
      if (this.results[group] !== undefined) continue;
      const results = this.results.slice(first, first + count);
      if (results.every((r) => r === undefined)) continue;
      const instances = this.steps.slice(first, first + count);
      void this.fanOutEnded(group, givenUpFanOutResult(this.steps[group]!, instances, results));
    }
    this.abandoned = true;
  }

  /** The run was cancelled (Ctrl+C, SIGTERM, the caller's signal), rather than timed out. */
  private userCancelled(): boolean {
    const signal = this.controller.signal;
    return signal.aborted && !(signal.reason instanceof RunTimeoutError);
  }

  /** How a step the run's stop ended is recorded: `cancelled` by the user, `failed` by the workflow's timeout. */
  private stoppedStatus(): StepStatus {
    return this.userCancelled() ? StepStatus.CANCELLED : StepStatus.FAILED;
  }

  /** `listener`, until the run ends: a step given up on that prints later must not write over the summary. */
  private untilEnded<T>(listener: (value: T) => void): (value: T) => void {
    return (value) => {
      if (!this.ended) listener(value);
    };
  }

  /** Records step `i`'s outcome; a failure undoes its half-done work or stops the run. */
  stepEnded(
    i: number,
    result: StepResult,
    rollbackDataRecorded: boolean,
  ): StepEnd | Promise<StepEnd> {
    // A step given up on (see untilStepsStop) that ends after all: the run has moved on.
    if (this.abandoned) return "blocked";
    const step = this.steps[i]!;
    // Stopped by the user's cancellation, not failed on its own: it says so.
    if (result.status === StepStatus.FAILED && this.userCancelled())
      result.status = StepStatus.CANCELLED;
    const afterFailure = this.startedAfterFailure?.has(i) === true;
    const fingerprint = this.fingerprints?.get(i);
    if (fingerprint !== undefined) result.fingerprint = fingerprint;
    const changed = this.changedSince?.get(i);
    if (changed !== undefined) result.changedSince = changed;
    if (step.effectFree) {
      const span = callSpan(step, i, result.metrics, this.steps, this.results);
      if (span) result.metrics = span;
    }
    this.results[i] = result;
    this.statuses.set(i, step.id, result.status);
    if (result.status === StepStatus.SUCCESS && result.output !== undefined)
      this.context.setStepOutput(step.id, result.output);
    // The outcome must reach the file before going on only when it holds rollback
    // data that was not recorded before the effect; otherwise a crash just makes
    // the step look interrupted, which a rollback undoes all the same.
    const unrecordedData =
      step.reversible && result.rollbackData !== undefined && !rollbackDataRecorded;
    // So does an undo that could be resolved only now that the step's output exists.
    const undo = this.undoAfterOutput(step, result);
    // Nearly every outcome: recorded with no event made for it.
    if (!unrecordedData && !undo && !afterFailure && isPlainOutcome(result))
      this.recordOutcome(result);
    else {
      const finished = finishedEvent(result, unrecordedData, undo, this.mask);
      if (afterFailure) finished.afterFailure = true;
      this.record(finished, unrecordedData || !!undo || afterFailure);
    }
    if (result.status === StepStatus.SUCCESS) return "done";
    if (step.continueOnError) {
      // A failure the run goes on after leaves nothing behind: its half-done step is undone now.
      if (!this.rollbackOnFailure || !this.replay.isLeftToUndo(step.id)) return "tolerated";
      const undoing: Promise<void> = this.undoNow(
        this.replay.get(step.id)!,
        this.backupsDir,
      ).finally(() => this.undosNow.delete(undoing));
      this.undosNow.add(undoing);
      return undoing.then(() => "tolerated");
    }
    // A step ended by the run's cancellation or timeout is not the cause of the failure.
    if (!this.controller.signal.aborted) {
      this.firstFailure ??= `step "${step.id}" failed: ${result.error ?? "unknown error"}`;
      this.scheduler?.stop();
    }
    return "blocked";
  }

  /**
   * Whether a step's output read back from a record may hold `***` where a
   * value was (see `SecretMask.mayHaveHidden`): then the step runs again
   * rather than hand later steps the mask. A step whose output is a secret
   * (`secretOutput`) always recorded it masked, also when the run had no
   * other secret to mask.
   */
  private outputMayBeHidden(step: WorkflowStep, recorded: unknown): boolean {
    if (step.secretOutput !== undefined && recorded !== undefined) return true;
    return this.mask.mayHaveHidden(recorded);
  }

  /** Records, without running it, a step that a resumed run takes over from the run it resumes (same fingerprint). */
  private reusedFromResumedRun(i: number, fingerprint: string): boolean {
    const step = this.steps[i]!;
    const resume = this.options.resume;
    if (!resume) return false;
    const verdict = reuseVerdict(resume, step.id, fingerprint);
    if (verdict.kind === "reuse" && !this.outputMayBeHidden(step, verdict.step.output)) {
      const afterFailure = this.startedAfterFailure?.has(i) === true;
      this.recordTogether(
        reuseEvents(step.id, verdict.step, resume.runId, fingerprint, afterFailure),
      );
      const result = reusedResult(step.id, verdict.step, resume.runId, fingerprint);
      this.results[i] = result;
      this.statuses.set(i, step.id, result.status);
      if (result.output !== undefined) this.context.setStepOutput(step.id, result.output);
      return true;
    }
    if (verdict.kind === "changed") (this.changedSince ??= new Map()).set(i, verdict.since);
    return false;
  }

  /**
   * Records as this run's what the run it resumes did in step `i` and left
   * to undo, when it does not reuse the step (see `step_earlier_attempts`):
   * before anything of the step's own is recorded, so that its rollback
   * undoes those attempts after the step's own.
   */
  private takeOverEarlier(i: number): void {
    const resume = this.options.resume;
    if (resume === undefined || !this.runDir) return;
    const stepId = this.steps[i]!.id;
    const earlier = resume.earlier.get(stepId);
    if (earlier === undefined || this.earlierTaken?.has(stepId)) return;
    (this.earlierTaken ??= new Set()).add(stepId);
    this.recordTogether(earlierEvents(stepId, earlier.attempts, earlier.info));
  }

  /** Records, without running it, a step that is up to date (its outputs newer than its inputs, its action as when they were made). */
  private upToDateNow(i: number, fingerprint: string): boolean {
    const step = this.steps[i]!;
    if (!step.files) return false;
    this.upToDate ??= new UpToDateCheck(this.context.workingDirectory, this.runsDir, this.runId);
    const made = this.upToDate.upToDate(step, fingerprint);
    if (!made || this.outputMayBeHidden(step, made.output)) return false;
    const result: StepResult = {
      stepId: step.id,
      status: StepStatus.SKIPPED,
      metrics: emptyMetrics(),
      attempts: 0,
      fingerprint,
      upToDate: true,
    };
    // Later steps read its output as the run that made its outputs recorded it.
    if (made.output !== undefined) {
      result.output = made.output;
      this.context.setStepOutput(step.id, made.output);
    }
    this.results[i] = result;
    this.statuses.set(i, step.id, StepStatus.SKIPPED);
    this.record(finishedEvent(result, false, undefined, this.mask), false);
    return true;
  }

  /**
   * Records as reused the steps the resumed run completed that this run never
   * reached (see `unreachedSteps`), `for_each` instances included: after the
   * reasons it did not do all its work are known (they are about this run's
   * work), before its rollback.
   */
  private takeOverUnreachedSteps(): void {
    const resume = this.options.resume;
    if (!resume || !this.runDir) return;
    for (const takeOver of unreachedSteps(resume, this.resumingState())) {
      if (takeOver.kind === "fanOut") this.takeOverFanOut(takeOver.stepId, takeOver.instances);
      else if (takeOver.kind === "earlier") this.takeOverUnreachedEarlier(takeOver.stepId);
      else {
        const index = this.steps.findIndex((s) => s.id === takeOver.stepId);
        if (index >= 0) this.takeOver(index, takeOver.stepId, takeOver.step, resume.runId);
      }
    }
  }

  /**
   * Takes over, at the run's end, what the resumed run left to undo of a step
   * this run never reached (or does not have): the step, when it is one of
   * this run's, counts as not run until its rollback says otherwise.
   */
  private takeOverUnreachedEarlier(stepId: string): void {
    const earlier = this.options.resume!.earlier.get(stepId)!;
    (this.earlierTaken ??= new Set()).add(stepId);
    this.recordTogether(earlierEvents(stepId, earlier.attempts, earlier.info));
    const i = this.steps.findIndex((s) => s.id === stepId);
    if (i >= 0 && this.results[i] === undefined)
      this.results[i] = {
        stepId,
        status: StepStatus.NOT_RUN,
        metrics: emptyMetrics(),
        attempts: 0,
      };
  }

  /** What this run reached, by step id (see `unreachedSteps`). */
  private resumingState(): ResumingState {
    const own = new Map(this.def.steps.map((s, i) => [s.id, i]));
    const at = new Map(this.steps.map((s, i) => [s.id, i]));
    return {
      has: (stepId) => own.has(stepId),
      fansOut: (stepId) => this.def.steps[own.get(stepId) ?? -1]?.fanOut !== undefined,
      reached: (stepId) => this.results[at.get(stepId) ?? -1] !== undefined,
      tookOverEarlier: (stepId) => this.earlierTaken?.has(stepId) === true,
      instancesOf: (stepId) => {
        const group = this.instancesOf?.get(own.get(stepId) ?? -1);
        return group && this.steps.slice(group.first, group.first + group.count).map((s) => s.id);
      },
    };
  }

  /**
   * Records the fan-out of `for_each` step `stepId` as the resumed run
   * recorded it (this run never reached it): its instances, made from the
   * recorded items, become this run's steps, so the ones taken over are
   * undone as any other.
   */
  private takeOverFanOut(stepId: string, instances: readonly JournalStepInfo[]): void {
    const step = this.def.steps.find((s) => s.id === stepId)!;
    this.record({
      type: "step_fanned_out",
      time: Date.now(),
      step: stepId,
      instances: [...instances],
    });
    // A call made per item: each recorded step of each call, made again from its item.
    const made = recordedInstances(stepId, instances, step.fanOut!);
    this.fanOutHost().addInstances(step, made);
  }

  /**
   * A step whose `when` is false now that succeeded in the resumed run (a
   * handler of a failure fixed since): its effect is there all the same, and
   * the resumed run's rollback refuses, so this run takes it over as reused
   * rather than skipped — its rollback undoes it. So is a `for_each`
   * instance (its `when` may read a param given anew, or its item), when it
   * is the same instance there: the same item at the same position. False
   * when it is no such step.
   */
  private takeOverSkipped(i: number): boolean {
    const resume = this.options.resume;
    const stepId = this.steps[i]!.id;
    const step = resume?.steps.get(stepId);
    if (!resume || !step || step.fannedOut || !this.runDir) return false;
    if (i >= this.def.steps.length && !this.sameInstanceAs(resume, stepId, step)) return false;
    this.takeOver(i, stepId, step, resume.runId);
    return true;
  }

  /**
   * Whether instance `stepId` of this run is the resumed run's instance
   * `step` of that id: of the same `for_each` step, for the same item (its
   * undo, when it is code, is made again from the item this run recorded).
   */
  private sameInstanceAs(resume: ResumeSource, stepId: string, step: ReusableStep): boolean {
    const here = this.replay.get(stepId)?.info;
    if (here?.instanceOf === undefined || here.instanceOf !== step.instanceOf) return false;
    const there = resume.fanOuts.get(step.instanceOf)?.find((info) => info.id === stepId);
    return there !== undefined && isDeepStrictEqual(there.item, here.item);
  }

  /** Records a step of the resumed run as this run's, reused as it was recorded there. */
  private takeOver(i: number, stepId: string, step: ReusableStep, from: string): void {
    this.recordTogether(reuseEvents(stepId, step, from, step.fingerprint));
    const result = reusedResult(stepId, step, from, step.fingerprint);
    this.results[i] = result;
    this.statuses.set(i, stepId, result.status);
    if (result.output !== undefined) this.context.setStepOutput(stepId, result.output);
  }

  /** The undo of a succeeded step whose intent said it waits for the step's output (`after_output`). */
  private undoAfterOutput(step: WorkflowStep, result: StepResult): UndoRecipe | undefined {
    if (result.status !== StepStatus.SUCCESS || !step.undoRecipe) return undefined;
    if (this.replay.get(step.id)?.undo?.kind !== "after_output") return undefined;
    const undo = step.undoRecipe?.(this.context);
    return undo?.kind === "after_output" ? undefined : undo;
  }

  /**
   * Why the steps that never ran did not, when the run was not stopped: a
   * step they need failed (`continue_on_error`) or never ran itself. A step
   * skipped by its own `when` ran its condition, and a skipped need counts as
   * done, so neither is listed. Undefined when every step ran.
   */
  private neverRan(): string | undefined {
    const steps = this.def.steps;
    if (!this.results.includes(undefined) && this.results.length === steps.length) return undefined;
    const index = new Map(steps.map((s, i) => [s.id, i]));
    const reasons: string[] = [];
    steps.forEach((step, i) => {
      if (this.results[i]) return;
      const blocking = (step.needs ?? []).find((need) => {
        const j = index.get(need) ?? -1;
        const status = this.results[j]?.status;
        if (status === StepStatus.SUCCESS || status === StepStatus.SKIPPED) return false;
        // A need that failed with continue_on_error does not hold a step that only joins it.
        return !(step.joinsToleratedFailures && status && steps[j]!.continueOnError);
      });
      const need = blocking === undefined ? undefined : this.results[index.get(blocking)!];
      reasons.push(
        blocking === undefined
          ? `"${step.id}"`
          : `"${step.id}" (it needs "${blocking}", which ${need ? "failed" : "never ran"})`,
      );
    });
    if (reasons.length === 0) return undefined;
    const noun = reasons.length === 1 ? "step" : "steps";
    return `${reasons.length} ${noun} never ran: ${reasons.join(", ")}`;
  }

  /**
   * The result of a step its `when` keeps from running: skipped when it is
   * false, failed when it threw; undefined when the step runs.
   */
  private whenStopsStep(step: WorkflowStep): StepResult | undefined {
    let run: boolean;
    try {
      run = step.when!(this.context);
    } catch (error) {
      return {
        stepId: step.id,
        status: StepStatus.FAILED,
        metrics: emptyMetrics(),
        attempts: 0,
        error: `its "when" condition threw: ${errorMessage(error)}`,
      };
    }
    if (run) return undefined;
    const reason = step.whenFalse?.(this.context);
    return {
      stepId: step.id,
      status: StepStatus.SKIPPED,
      metrics: emptyMetrics(),
      attempts: 0,
      ...(reason !== undefined && { reason }),
    };
  }

  /** Undoes one half-done step while the run goes on. */
  private async undoNow(s: ReplayedStep, backupsDir: string): Promise<void> {
    const outcome = await undoSteps(
      [this.undoItem(s, backupsDir)],
      "failure",
      this.recordUndoEvent,
      { giveUp: this.context.giveUpSignal, recordable: this.recordable },
    );
    if (outcome.rolledBack.length) this.setUndone(s.info.id);
    for (const [id, error] of outcome.failed) this.undoFailed(id, error);
  }

  /**
   * How the live run undoes one step of the plan (see {@link LiveUndo}); one
   * with earlier attempts (taken over from the run it resumes) undoes them
   * after, each by the recipe it was recorded with (see {@link earlierUndo}).
   */
  private undoItem(s: ReplayedStep, backupsDir: string): UndoItem {
    if (s.earlier !== undefined) return this.earlierUndo(s, backupsDir);
    return this.liveUndo(s, backupsDir);
  }

  private liveUndo(s: ReplayedStep, backupsDir: string): LiveUndo {
    return new LiveUndo(
      this.steps[s.index]!,
      this.results[s.index]!,
      s,
      this.context,
      backupsDir,
      this.recordUndoEvent,
      this.services,
    );
  }

  /**
   * The undo of a step with earlier attempts: its own (when this run did
   * something in it), then the earlier ones, latest first — by their
   * recipes, from the record as `momoflow rollback` undoes them; one whose
   * undo is code by the step's own `rollback()`. The step may be none of
   * this run's (gone from the file): then it has only earlier attempts.
   */
  private earlierUndo(s: ReplayedStep, backupsDir: string): UndoItem {
    const own = this.steps[s.index]?.id === s.info.id ? this.steps[s.index] : undefined;
    const ownUndo =
      own && this.results[s.index] && ownAttemptsToUndo(s)
        ? this.liveUndo(s, backupsDir)
        : undefined;
    const call = earlierUndoCall(s, {
      context: this.context,
      backupsDir,
      record: this.recordUndoEvent,
      registry: getCommandRegistry(),
      params: this.secretValues(),
      step: own,
      codeMissing: () =>
        `its earlier attempt's undo is code, and this workflow has no rollback() for step "${s.info.id}"`,
      ...(this.services && { output: this.services }),
    });
    return withEarlierAttempts(s, ownUndo, call);
  }

  /** The run's string params by name: what an earlier attempt's recipe kept as a secret param's reference reads. */
  private secretValues(): Record<string, string> {
    const values: Record<string, string> = {};
    for (const [name, value] of Object.entries(this.context.getVariables()))
      if (typeof value === "string") values[name] = value;
    return values;
  }

  /**
   * A step whose undo ended: `rolled_back`, or — when it undid only the
   * step's earlier attempts (taken over from the run this one resumes) and
   * what the step did here stays — as the step ended, naming those runs.
   * The replay says which, as it does for `result.json` and `momoflow rollback`.
   */
  private setUndone(stepId: string): void {
    const s = this.replay.get(stepId);
    const result = s && this.results[s.index];
    if (!s || !result) return;
    const undone = earlierUndoneFrom(s);
    if (undone.length === 0) result.status = StepStatus.ROLLED_BACK;
    else result.earlierUndone = undone;
  }

  /** Step `stepId`'s undo failed: its row says why, and why the step had failed when it had. */
  private undoFailed(stepId: string, error: string): void {
    const s = this.replay.get(stepId);
    const result = s && this.results[s.index];
    // Why it failed is its recorded outcome's: once its undo at once failed, its row's error is that undo's.
    const own =
      s?.status !== undefined
        ? s.error
        : result && result.status !== StepStatus.SUCCESS
          ? result.error
          : undefined;
    this.setStatus(stepId, StepStatus.ROLLBACK_FAILED, rollbackFailedError(error, own));
  }

  private setStatus(stepId: string, status: StepResult["status"], error?: string): void {
    const s = this.replay.get(stepId);
    const result = s && this.results[s.index];
    if (!result) return;
    result.status = status;
    if (error) result.error = error;
  }

  /** The reason the workflow's timeout aborts the run with. */
  private timeoutError(): RunTimeoutError {
    return new RunTimeoutError(
      `workflow "${this.def.id}" timed out after ${durationText(this.def.timeoutMs ?? 0)}`,
    );
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
    if (timeoutMs !== undefined) this.runDeadline = performance.now() + timeoutMs;
    const timer =
      timeoutMs === undefined
        ? undefined
        : setLongTimeout(() => abort(this.timeoutError()), timeoutMs);
    return () => {
      listeners.forEach((remove) => remove());
      timer?.clear();
    };
  }
}

class RunTimeoutError extends Error {}

/** Said after a run's error when its rollback was stopped at once: what is left, and how to undo it. */
function rollbackStoppedMessage(runDir: string | undefined): string {
  const where = runDir === undefined ? "<run dir>" : shellQuote(runDir);
  return `; the rollback was stopped at once: undo what is left with momoflow rollback ${where}`;
}

function rollbackUnrecordableMessage(runDir: string | undefined): string {
  const where = runDir === undefined ? "<run dir>" : shellQuote(runDir);
  return (
    "; the rollback stopped: the disk is full and the run record has no room left for more undos " +
    `(an unrecorded one would run twice): undo what is left with momoflow rollback ${where} once there is room`
  );
}

function cancellationMessage(reason: unknown): string {
  // A reason given as text (`context.cancel("window closed")`) says why, as an Error's message does.
  const why = reason instanceof Error || typeof reason === "string" ? errorMessage(reason) : "";
  const detail = why !== "" && why !== "cancelled" ? ` (${why})` : "";
  return `the run was cancelled${detail}`;
}

/**
 * A run's step results with each fan-out step's instances right after it (not
 * started: `unstarted`'s status), also those of a fan-out step that is itself
 * an instance's called step (`deploy[0]/parts[1]` after `deploy[0]/parts`).
 * `instancesOf`: the instances' indexes in `steps`, by their fan-out step's.
 */
function withInstanceResults(
  declared: readonly StepResult[],
  instancesOf: ReadonlyMap<number, { first: number; count: number }>,
  steps: readonly WorkflowStep[],
  results: readonly (StepResult | undefined)[],
  unstarted: (step: WorkflowStep) => StepStatus,
): StepResult[] {
  const ordered: StepResult[] = [];
  const place = (index: number, result: StepResult): void => {
    ordered.push(result);
    const group = instancesOf.get(index);
    if (!group) return;
    for (let k = group.first; k < group.first + group.count; k++)
      place(
        k,
        results[k] ?? {
          stepId: steps[k]!.id,
          status: unstarted(steps[k]!),
          metrics: emptyMetrics(),
          attempts: 0,
        },
      );
  };
  declared.forEach((result, index) => place(index, result));
  return ordered;
}

function giveReasons(stepResults: readonly StepResult[], ids: readonly string[]): void {
  const left = new Set(ids);
  for (const result of stepResults)
    if (result.status === StepStatus.NOT_RUN && left.has(result.stepId))
      result.reason = NOT_RUN_AFTER_TIMEOUT;
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

/**
 * Points `.momoflow/runs/latest` at this run (atomically). It is a convenience
 * (runs are found without it), so a full disk here is a warning, not a failure.
 */
function writeLatest(runsDir: string, runId: string, context: WorkflowContext): void {
  const tmp = join(runsDir, `.${LATEST_FILE}.${process.pid}.tmp`);
  try {
    makeFolders(runsDir);
    writeFileSync(tmp, runId + "\n");
    renameSync(tmp, join(runsDir, LATEST_FILE));
  } catch (error) {
    rmSync(tmp, { force: true });
    context.logger.warn(`could not update ${join(runsDir, LATEST_FILE)}: ${errorMessage(error)}`);
  }
}
