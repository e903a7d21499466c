import { recordedWorkflow } from "../record/recorded-workflow";
import type { FoundUndone } from "../record/found-undone-text";
import { recordableValue } from "../record/json-stand-ins";
import { RECORD_FORMAT_VERSION, type JournalStepInfo } from "../record/journal-event";
import type { ResultStep, RunResultFile } from "../record/result-file";
import type { WorkflowDefinition } from "./definition";
import type { ExecutionMetrics } from "./metrics";
import { StepStatus, type WorkflowStatus } from "./status";
import type { StepResult } from "./step";
import { stepInfo } from "./step-info";

/** A step of a run's JSON: `result.json`'s names (`id`, not `stepId`). */
export type StepResultJson = Pick<ResultStep, "id" | "status" | "attempts" | "metrics"> &
  Partial<
    Pick<
      ResultStep,
      | "error"
      | "output"
      | "log"
      | "fingerprint"
      | "reusedFrom"
      | "changedSince"
      | "upToDate"
      | "reason"
      | "worker"
      | "earlierUndone"
    >
  >;

/**
 * A run as JSON (`JSON.stringify(result)`, `momoflow run --json`): the shape and
 * names of its `result.json` (schemas/run-result.schema.json), plus where its
 * record is and why it is incomplete, when it is.
 */
export interface WorkflowResultJson extends RunResultFile {
  runDir?: string;
  recordError?: string;
}

/**
 * The result of one step as a run returns it: the {@link StepResult} fields,
 * plus `success` (momo-workflow's `StepResult.success`) and a `toJSON()` with
 * `result.json`'s names. Both live on the prototype, so the fields are all a
 * spread or a deep comparison sees.
 */
export class FinishedStepResult implements StepResult {
  /** The step's id (`id` in JSON). */
  stepId: string;
  /** How it ended, after any rollback (`rolled_back`, `rollback_failed`). */
  status: StepStatus;
  /** Its wall time, CPU and memory (empty for a step that never ran). */
  metrics: ExecutionMetrics;
  /** Attempts made (0: it never ran). */
  attempts: number;
  /** What it returned on success. */
  declare output?: unknown;
  /** Why it failed, or why its rollback did (`rollback failed: …`). */
  declare error?: string;
  declare rollbackData?: unknown;
  declare log?: string;
  declare fingerprint?: string;
  declare reusedFrom?: string;
  declare changedSince?: string;
  declare upToDate?: boolean;
  declare reason?: string;
  declare worker?: string;
  declare neverStarted?: true;
  declare earlierUndone?: string[];

  constructor(result: StepResult) {
    this.stepId = result.stepId;
    this.status = result.status;
    this.metrics = result.metrics;
    this.attempts = result.attempts;
    if (result.output !== undefined) this.output = result.output;
    if (result.error !== undefined) this.error = result.error;
    if (result.rollbackData !== undefined) this.rollbackData = result.rollbackData;
    if (result.log !== undefined) this.log = result.log;
    if (result.fingerprint !== undefined) this.fingerprint = result.fingerprint;
    if (result.reusedFrom !== undefined) this.reusedFrom = result.reusedFrom;
    if (result.changedSince !== undefined) this.changedSince = result.changedSince;
    if (result.upToDate) this.upToDate = true;
    if (result.reason !== undefined) this.reason = result.reason;
    if (result.worker !== undefined) this.worker = result.worker;
    if (result.neverStarted) this.neverStarted = true;
    if (result.earlierUndone !== undefined) this.earlierUndone = result.earlierUndone;
  }

  /** The step succeeded (`status === "success"`). */
  get success(): boolean {
    return this.status === StepStatus.SUCCESS;
  }

  /** `result.json`'s step fields; rollback data stays in the run record. */
  toJSON(): StepResultJson {
    const json: StepResultJson = {
      id: this.stepId,
      status: this.status,
      attempts: this.attempts,
      metrics: this.metrics,
    };
    if (this.error !== undefined) json.error = this.error;
    // As result.json keeps it: a BigInt or a cycle has a stand-in, not a throw.
    if (this.output !== undefined) json.output = recordableValue(this.output);
    if (this.log !== undefined) json.log = this.log;
    if (this.fingerprint !== undefined) json.fingerprint = this.fingerprint;
    if (this.reusedFrom !== undefined) json.reusedFrom = this.reusedFrom;
    if (this.changedSince !== undefined) json.changedSince = this.changedSince;
    if (this.upToDate) json.upToDate = true;
    if (this.reason !== undefined) json.reason = this.reason;
    if (this.worker !== undefined) json.worker = this.worker;
    if (this.earlierUndone !== undefined) json.earlierUndone = [...this.earlierUndone];
    return json;
  }
}

/** What the engine knows of a finished run: the result's data fields. */
export type WorkflowResultFields = Omit<
  WorkflowResult,
  "stepResults" | "success" | "totalDurationMs" | "toJSON"
> & { stepResults: StepResult[] };

/** The definition and folder of a run, for its JSON. */
export interface RunSetting {
  definition: WorkflowDefinition;
  workdir: string;
  /**
   * Each step's info by id, when the steps are not the definition's, one for
   * one: a run whose fan-out steps added instances (`convert[0]`…).
   */
  stepInfos?: ReadonlyMap<string, JournalStepInfo>;
}

/**
 * The result of one run of a workflow. The engine builds it; its getters and
 * `toJSON()` live on the prototype, so the fields are all a spread or a deep
 * comparison sees.
 */
export class WorkflowResult {
  /** The run's id: its record is `.momoflow/runs/<runId>`. */
  runId: string;
  /** The id of the workflow run. */
  workflowId: string;
  /** How the run ended: `success`, `failed`, `rolled_back`, `partially_rolled_back` or `cancelled`. */
  status: WorkflowStatus;
  /** One entry per step, in declaration order. */
  stepResults: FinishedStepResult[];
  /** The whole run's wall time, CPU and memory. */
  metrics: ExecutionMetrics;
  /** Fraction of steps that succeeded (skipped steps count as done), 0..1. */
  successRate: number;
  /**
   * Ids of the steps rolled back (what this run did in them was undone), in
   * the order they were undone. A step whose undo undid only its earlier
   * attempts (see {@link FinishedStepResult.earlierUndone}) is not one.
   */
  rolledBackSteps: string[];
  /** The first failure, when the run failed. */
  declare error?: string;
  /**
   * Why the run record is incomplete: a write to it failed (a full disk). The
   * run stopped there and undid what it could; `momoflow rollback` works from
   * what the journal holds.
   */
  declare recordError?: string;
  /**
   * The steps whose logs miss some of what they printed: a write to the
   * run's logs failed (a full disk), and the run went on without them.
   */
  declare incompleteLogs?: string[];
  /**
   * The worker of each of the {@link incompleteLogs} whose log was cut
   * short there (`run --on`, that worker's full disk), not in this record.
   */
  declare incompleteLogsOn?: Record<string, string>;
  /**
   * The steps its rollback found undone already on their workers (`run
   * --on`), and did not undo again (see `RunResultFile.foundUndone`).
   */
  declare foundUndone?: FoundUndone[];
  /** Folder of the run record (`.momoflow/runs/<run-id>`); absent when the journal was off. */
  declare runDir?: string;
  // Private fields: neither enumerable nor in JSON or a deep comparison.
  readonly #setting: RunSetting;

  /** The result of the run of `setting` that the engine knows as `fields`. */
  constructor(fields: WorkflowResultFields, setting: RunSetting) {
    this.runId = fields.runId;
    this.workflowId = fields.workflowId;
    this.status = fields.status;
    // The step runner makes its results as FinishedStepResult already: those are kept, not copied.
    this.stepResults = fields.stepResults.map((r) =>
      r instanceof FinishedStepResult ? r : new FinishedStepResult(r),
    );
    this.metrics = fields.metrics;
    this.successRate = fields.successRate;
    this.rolledBackSteps = fields.rolledBackSteps;
    if (fields.error !== undefined) this.error = fields.error;
    if (fields.recordError !== undefined) this.recordError = fields.recordError;
    if (fields.incompleteLogs !== undefined) this.incompleteLogs = fields.incompleteLogs;
    if (fields.incompleteLogsOn !== undefined) this.incompleteLogsOn = fields.incompleteLogsOn;
    if (fields.foundUndone !== undefined) this.foundUndone = fields.foundUndone;
    if (fields.runDir !== undefined) this.runDir = fields.runDir;
    this.#setting = setting;
  }

  /** The run succeeded (`status === "success"`). */
  get success(): boolean {
    return this.status === "success";
  }

  /** How long the run took, in ms (momo-workflow's `total_duration`, which was in seconds). */
  get totalDurationMs(): number {
    return this.metrics.durationMs;
  }

  /** The run as `result.json` names it (see {@link WorkflowResultJson}). */
  toJSON(): WorkflowResultJson {
    const { definition, workdir } = this.#setting;
    const json: WorkflowResultJson = {
      v: RECORD_FORMAT_VERSION,
      runId: this.runId,
      workflow: recordedWorkflow(definition),
      workdir,
      status: this.status,
      metrics: this.metrics,
      successRate: this.successRate,
      rolledBackSteps: [...this.rolledBackSteps],
      steps: this.stepResults.map((r, i) => ({
        ...(this.#setting.stepInfos?.get(r.stepId) ?? stepInfo(definition.steps[i]!)),
        ...r.toJSON(),
      })),
    };
    if (definition.source) json.source = definition.source;
    if (definition.stepDefinitions) json.stepDefinitions = definition.stepDefinitions;
    if (this.error !== undefined) json.error = this.error;
    if (this.incompleteLogs !== undefined) json.incompleteLogs = [...this.incompleteLogs];
    if (this.incompleteLogsOn !== undefined) json.incompleteLogsOn = { ...this.incompleteLogsOn };
    if (this.foundUndone !== undefined) json.foundUndone = this.foundUndone.map((f) => ({ ...f }));
    if (this.runDir !== undefined) json.runDir = this.runDir;
    if (this.recordError !== undefined) json.recordError = this.recordError;
    return json;
  }
}
