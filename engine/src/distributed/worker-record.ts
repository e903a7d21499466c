import { join } from "node:path";
import { runsDirOf } from "../record/run-paths";

/**
 * The id of a worker's own record of one attempt of one step of a run: a
 * run of that one step in the worker's working directory. Derived, not
 * chosen, so that an undo sent to a worker that never reported back still
 * finds the record (or knows there is none).
 */
export function workerRunId(runId: string, stepId: string, attempt: number): string {
  return `${runId}--${stepId.replace(/[^A-Za-z0-9_.-]/g, "_")}--${attempt}`;
}

/** Where a worker with working directory `workdir` keeps its record of that attempt. */
export function workerRecordDir(
  workdir: string,
  runId: string,
  stepId: string,
  attempt: number,
): string {
  return join(runsDirOf(workdir), workerRunId(runId, stepId, attempt));
}
