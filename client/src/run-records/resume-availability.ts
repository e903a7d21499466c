import {
  readJournal,
  JournalReplay,
  isProcessAlive,
  resumingRunOf,
  runRecordPaths,
} from "@momoflow/record";
import type { RunSummary } from "./run-history";
import type { LivenessProbe } from "./rollback-availability";

/**
 * Whether the latest run of a workflow can be resumed (`momoflow run
 * --resume`), by the same journal replay and rules as the CLI
 * (engine/src/runtime/resume-run.ts): a run that failed or was cancelled
 * without its rollback, or was killed, and that no run resumed yet.
 */
export type ResumeAvailability =
  /** No run of this workflow. */
  | { state: "no-run" }
  /** The run stopped part-way and can be continued. */
  | { state: "available"; run: RunSummary; why: "failed" | "cancelled" | "killed" }
  /** The run has not ended and its process is alive: the CLI would refuse. */
  | { state: "running"; run: RunSummary }
  /** The CLI would refuse: the run succeeded, was rolled back, or resumed already. */
  | { state: "not-resumable"; run: RunSummary; why: string };

/**
 * Whether the run `run` (the latest of its workflow) can be resumed. A record
 * that cannot be read cannot be resumed either (the CLI refuses it).
 */
export function resumeAvailability(
  run: RunSummary | undefined,
  isAlive: LivenessProbe = isProcessAlive,
): ResumeAvailability {
  if (!run) return { state: "no-run" };
  let replay: JournalReplay;
  try {
    replay = JournalReplay.of(readJournal(runRecordPaths(run.dir).journal).events);
  } catch {
    return { state: "not-resumable", run, why: "its record cannot be read" };
  }
  const start = replay.start;
  if (!start) return { state: "not-resumable", run, why: "its record cannot be read" };
  const status = replay.runStatus();
  if (status === undefined && isAlive(start.pid, start.pidStartTicks))
    return { state: "running", run };
  // A resuming run that ended before it recorded its start took nothing over (as the CLI decides).
  const by = resumingRunOf(replay, run.dir);
  if (by !== undefined)
    return { state: "not-resumable", run, why: `it was resumed already, by run ${by}` };
  if (replay.undoneOrder.length > 0 || replay.undoPlan().undone.length > 0)
    return { state: "not-resumable", run, why: "it was rolled back" };
  if (status === undefined) return { state: "available", run, why: "killed" };
  if (status === "failed" || status === "cancelled")
    return { state: "available", run, why: status };
  return {
    state: "not-resumable",
    run,
    why: status === "success" ? "it succeeded" : `it was ${status.replace(/_/g, " ")}`,
  };
}

/** Why a workflow's last run cannot be resumed, as the resume command says it. */
export function resumeUnavailableReason(
  workflow: string,
  availability: ResumeAvailability,
): string {
  switch (availability.state) {
    case "no-run":
      return `${workflow} has no run to resume in this workspace.`;
    case "running":
      return `The last run of ${workflow} is still running: it cannot be resumed before it ends.`;
    case "not-resumable":
      return `The last run of ${workflow} cannot be resumed: ${availability.why}.`;
    case "available":
      return "";
  }
}
