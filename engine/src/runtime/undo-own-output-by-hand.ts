import { existsSync } from "node:fs";
import { join } from "node:path";
import type { ReplayedStep } from "../record/journal-replay";
import { stepLogPath } from "../record/run-paths";
import { ownOutputNeverRecordedByHand, type OwnOutputByHand } from "./own-output-never-recorded";
import { writtenRollback } from "./written-rollback";

/**
 * Whether the undo of step `s` reads the step's own output (its recipe is
 * still `after_output`) and the step never gave one — killed or stopped
 * before it ended, or ended without one: there is nothing to run the undo
 * with, and nothing is guessed. One rule for the live run's rollback and
 * `momoflow rollback`, which then both say what to do by hand
 * ({@link ownOutputUndoError}).
 */
export function ownOutputNeverGiven(s: ReplayedStep): boolean {
  return s.undo?.kind === "after_output" && s.output === undefined;
}

/** Where the run of a step was, as far as undoing it by hand goes. */
export interface OwnOutputRun {
  /** The run's record folder (the step's log is there). */
  runDir: string;
  /** The run's working directory: where the step's rollback runs. */
  workdir: string;
  /** The workflow run, and the file it came from (its rollback is read from there, as written). */
  workflowId: string | undefined;
  source: string | undefined;
}

/**
 * Why the undo of step `s` (see {@link ownOutputNeverGiven}) cannot run,
 * with what to do by hand: its log, its rollback as the workflow file says
 * it, and the folder to run it in (see `ownOutputNeverRecordedByHand`).
 */
export function ownOutputUndoError(s: ReplayedStep, run: OwnOutputRun): Error {
  return ownOutputNeverRecordedByHand(s.info.id, ownOutputByHand(s, run));
}

function ownOutputByHand(s: ReplayedStep, run: OwnOutputRun): OwnOutputByHand {
  const log = join(run.runDir, s.log ?? stepLogPath(s.info.id));
  return {
    why:
      s.status === undefined
        ? "the run ended before the step did"
        : `the step ended ${s.status} without one`,
    log: existsSync(log) ? log : undefined,
    rollback:
      run.source?.endsWith(".momoflow") && run.workflowId !== undefined
        ? writtenRollback(run.source, run.workflowId, s.info.id)
        : undefined,
    workdir: run.workdir,
  };
}
