/**
 * The names momoflow uses in Redis. BullMQ keys are `bull:<queue>:…`; queue
 * names may not hold `:`.
 */

/** Steps any worker of `queue` may take (`--queue`, a step's `runs_on`). */
export function stepQueueName(queue: string): string {
  return `momoflow-steps-${queue}`;
}

/** Work for one worker only: the undo of a step it ran. */
export function workerQueueName(worker: string): string {
  return `momoflow-worker-${worker}`;
}

/** The pub/sub channel on which a run's cancellation reaches the workers. */
export function cancelChannel(runId: string): string {
  return `momoflow-cancel:${runId}`;
}

/**
 * What the scheduler publishes on a run's {@link cancelChannel}: nothing
 * named stops every running step of the run; a step and attempt stop that
 * attempt; a step with `undo` gives up that step's running undo (the undo
 * was given up on the scheduler: its deadline, or a second Ctrl+C).
 */
export interface CancelMessage {
  stepId?: string;
  attempt?: number;
  undo?: boolean;
}

/** The default queue of steps that name none. */
export const DEFAULT_QUEUE = "default";

/** A worker name, a queue name: what may appear in a queue name. */
export { QUEUE_NAME_PATTERN as NAME_PATTERN } from "../runtime/step";

/** The set of every worker name that ever started on this Redis. */
export const WORKERS_KEY = "momoflow-workers";

/**
 * The command an undo from the scheduler's record calls for a step that ran
 * on a worker. Registered only by that rollback (never where workflows are
 * checked), so no workflow can call it.
 */
export const REMOTE_UNDO_COMMAND = "__momoflow_remote_undo";
