import type { ExecutionMetrics } from "../runtime/metrics";
import type { StepStatus } from "../runtime/status";

/** What the steps before this one left: what a step may read of them. */
export interface EarlierStep {
  status: StepStatus;
  output?: unknown;
}

/** A step to run on a worker: everything the worker needs, no shared file system. */
export interface StepJobData {
  kind: "step";
  /** The scheduler's run. */
  runId: string;
  workflow: string;
  stepId: string;
  attempt: number;
  /**
   * The workflow's file and the hash of its source with its imports: the
   * texts themselves are in Redis once per run (see `source-store`), not in
   * every job.
   */
  source: SourceRef;
  /** The run's params, as given on the command line (typed by the worker's compile). */
  params: Record<string, string>;
  /**
   * The statuses and outputs of the steps it reads (see `step-reads`) that
   * ended before it was sent: only those, so that a job's size does not
   * grow with the run.
   */
  earlier: Record<string, EarlierStep>;
  /**
   * The calls (by their calling step's run id) whose `secret` arguments the
   * scheduler made secrets of the run before it sent this job: the worker
   * masks them too, evaluated from `earlier`. Names only, never the values:
   * a job is in Redis in the clear (see `call-secrets`).
   */
  secretCalls?: string[];
  /** Set for an instance of a fan-out step (`convert[2]`): its step, number and item, as the scheduler read them. */
  instance?: FanOutInstance;
}

/** Which instance of a fan-out step (`for_each`) a job runs. */
export interface FanOutInstance {
  /** The fan-out step's id. */
  of: string;
  index: number;
  item: unknown;
}

/** Which source a job's workflow comes from: its entry file (as the scheduler read it) and hash. */
export interface SourceRef {
  entry: string;
  hash: string;
}

/** How a step ended on a worker. */
export interface StepJobResult {
  worker: string;
  status: StepStatus;
  output?: unknown;
  error?: string;
  metrics: ExecutionMetrics;
  /**
   * What the step printed, as its log on the worker keeps it (the last
   * {@link LOG_LIMIT_BYTES} when longer: the worker's log keeps it whole).
   */
  log?: string;
  /**
   * The worker's log of this attempt misses some of what it printed: a write
   * to it failed there (a full disk), and it was no longer written.
   */
  logIncomplete?: true;
  /** The segment of the worker's journal that holds this attempt's outcome (a path on the worker). */
  journal: string;
  /** Where the worker ran it (see {@link workerPlaceOf}): where its journal, and so its undo, is. */
  place?: string;
}

/** The undo of a step a worker ran: sent to that worker's own queue. */
export interface UndoJobData {
  kind: "undo";
  runId: string;
  stepId: string;
  /** How many attempts of the step were sent: each is in the journal of the worker that ran it. */
  attempts: number;
}

/** How an undo ended on a worker. */
export interface UndoJobResult {
  worker: string;
  /** `rolled_back`, `rollback_failed`, or `nothing_to_undo` when the worker's record holds no start of the step. */
  status: "rolled_back" | "rollback_failed" | "nothing_to_undo";
  error?: string;
  /**
   * On `rolled_back`: nothing was undone by this job, the worker's journal
   * showing the step undone already — by the undo of an earlier job, which
   * went on there after its scheduler was killed mid-rollback (the worker
   * takes its undos one at a time, so this job waited for it to end).
   */
  foundUndone?: true;
  /**
   * What the undo printed on the worker, masked there with the secrets the
   * worker was given (`MOMOFLOW_PARAM_<NAME>`): its end, up to
   * {@link LOG_LIMIT_BYTES}. Absent when it printed nothing.
   */
  log?: string;
  /** Where the worker that answered runs (see {@link workerPlaceOf}). */
  place?: string;
}

/**
 * Where a worker runs, as its results name it: its machine and its working
 * directory, which holds its journal. A worker of the same name elsewhere
 * has another journal, without the steps this one ran.
 */
export function workerPlaceOf(host: string, workdir: string): string {
  return `${host}:${workdir}`;
}

export type JobData = StepJobData | UndoJobData;

/** How much of a step's log travels back with its outcome. */
export const LOG_LIMIT_BYTES = 1 << 20;
