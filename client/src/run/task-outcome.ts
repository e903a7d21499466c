import type { WorkflowStatus } from "@momoflow/runtime";
import { samePath, type RunSummary } from "../run-records/run-history";

/** A run or rollback task that ended. */
export interface EndedRunTask {
  action: "run" | "rollback";
  /** The `.momoflow` file, absolute. */
  source: string;
  /** The workflow, when the task named it (a file with one workflow may not). */
  workflow: string | undefined;
  /** When the task started (epoch ms). */
  startedAt: number;
  /** The CLI's exit code, when known. */
  exitCode: number | undefined;
  /** The editor shows errors in the file (what makes the CLI refuse to run it). */
  fileHasErrors?: boolean;
}

/** What a task did, for the status bar. */
export interface TaskOutcome {
  /** `not_run`: the CLI refused to start (exit 2), so no run or rollback happened. */
  status: WorkflowStatus | "not_run";
  /** Why nothing ran, for `not_run`. */
  reason?: string;
  /** The run it concerned, if one was recorded. */
  run: RunSummary | undefined;
  durationMs: number | undefined;
}

/**
 * The run record a task concerned: for a run, the newest run of its workflow
 * and file that started after the task did (none when the CLI refused to run,
 * e.g. the file has errors); for a rollback, the newest run of its workflow.
 * `runs` oldest first (`listRuns`).
 */
export function runOfTask(runs: readonly RunSummary[], task: EndedRunTask): RunSummary | undefined {
  for (let i = runs.length - 1; i >= 0; i--) {
    const run = runs[i]!;
    if (!run.source || !samePath(run.source, task.source)) continue;
    if (task.workflow !== undefined && run.workflowId !== task.workflow) continue;
    // One clock (the same machine), and the CLI records its start well after its process started.
    if (task.action === "run" && run.startTime < task.startedAt) return undefined;
    return run;
  }
  return undefined;
}

/**
 * The outcome of a task from the record it left (`result` is that run's
 * result.json) and its exit code: exit 2 is input the CLI refused before
 * anything ran (errors in the file, a bad param), said as such, never as a
 * failed run; exit 130 is a cancellation (Ctrl+C, the terminal closed). The
 * duration is the run's; a rollback has none here (the record's is the run
 * it undid, not its own).
 */
export function taskOutcome(
  task: EndedRunTask,
  run: RunSummary | undefined,
  result: { status: WorkflowStatus; metrics?: { durationMs?: number } } | undefined,
): TaskOutcome {
  const durationMs = task.action === "run" ? result?.metrics?.durationMs : undefined;
  // A refused rollback found a run, but undid nothing: that run's status is not its outcome.
  const refused = task.exitCode === 2 && (task.action === "rollback" || !result);
  if (refused) {
    const reason = task.fileHasErrors
      ? "the file has errors"
      : "the command refused its input (its terminal says why)";
    return { status: "not_run", reason, run, durationMs };
  }
  if (result) return { status: result.status, run, durationMs };
  if (task.exitCode === 130) return { status: "cancelled", run, durationMs };
  if (task.action === "rollback" && task.exitCode === 0)
    return { status: "rolled_back", run, durationMs };
  return { status: "failed", run, durationMs };
}
