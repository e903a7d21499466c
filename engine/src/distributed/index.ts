/**
 * Steps on workers through BullMQ and Redis: the scheduler's side
 * (`momoflow run --on`) and the worker's (`momoflow worker`). Bundled apart
 * (dist/distributed.js) and loaded only when asked for, so that a run on
 * one machine never loads a Redis client.
 */
export { prepareRemoteRun, type PreparedRemoteRun, type RemoteRunRequest } from "./remote-run";
export {
  startStepWorker,
  pruneWorkerJournal,
  type StepWorker,
  type StepWorkerOptions,
} from "./step-worker";
export type { PruneOutcome } from "./journal-pruning";
export { NoWorkerJournalError } from "./no-worker-journal-error";
export { parseRedisAddress, type RedisAddress } from "./redis-address";
export { checkRedisReachable } from "./redis-reachable";
export { NAME_PATTERN, DEFAULT_QUEUE } from "./queue-names";
export { REMOTE_UNDO_COMMAND, undoRemotely, type RemoteRollbackData } from "./remote-step";
export { Dispatcher } from "./dispatcher";
export { registerRemoteUndo } from "./remote-undo-command";
export {
  measureDistributed,
  formatDistributedFigures,
  type DistributedFigures,
} from "./distributed-bench";
