import { readCheckedResultFile } from "./checked-result-file";
import { readJournal } from "./journal-reader";
import { JournalReplay } from "./journal-replay";
import { isProcessAlive } from "./process-liveness";
import type { RunSummary } from "./run-index";
import { runRecordPaths } from "./run-paths";
import { summedUpStepIds } from "./summed-up-steps";
import { succeededSteps } from "../runtime/success-rate";

/**
 * How a recorded run stands, as a run listing shows it (`momoflow runs`):
 * - `ended`: it ended (or a rollback ended it), as its `result.json` says;
 *   from the journal alone when that file could not be written (a full
 *   disk), without the step counts;
 * - `running`: no end recorded, and the process that runs it still lives;
 * - `killed`: no end recorded, and that process is gone — its steps may be
 *   half-done, and `momoflow rollback` undoes them;
 * - `damaged`: its `result.json` is not one (hand-edited, half-copied).
 */
export type RunState =
  | {
      kind: "ended";
      status: string;
      /** How long it ran (absent when only its journal tells its end and holds no figure). */
      durationMs?: number;
      /** The steps that do work (as the share of steps that succeeded counts them), and how many succeeded. */
      steps?: number;
      succeeded?: number;
      /** How many steps its rollback undid (`rolledBackSteps`). */
      rolledBack?: number;
      /** The run that resumed this one (`momoflow run --resume`). */
      resumedBy?: string;
    }
  | { kind: "running"; pid: number }
  | {
      kind: "killed";
      /** The run that took its steps over (`momoflow run --resume`): its rollback undoes them now. */
      resumedBy?: string;
    }
  | { kind: "damaged"; problem: string };

/**
 * How the run `summary` stands, read from its record: its `result.json`,
 * else whether its process lives, else its journal's end.
 */
export function runState(summary: RunSummary): RunState {
  const { result, problem } = readCheckedResultFile(runRecordPaths(summary.dir).result);
  if (problem !== undefined) return { kind: "damaged", problem };
  if (result) {
    const { succeeded, counted } = succeededSteps(
      result.steps,
      (s) => s.id,
      (s) => s.status,
      summedUpStepIds(result.steps),
    );
    const state: RunState = {
      kind: "ended",
      status: result.status,
      durationMs: result.metrics.durationMs,
      steps: counted,
      succeeded,
      rolledBack: result.rolledBackSteps?.length ?? 0,
    };
    if (result.resumedBy !== undefined) state.resumedBy = result.resumedBy;
    return state;
  }
  if (summary.pid !== undefined && isProcessAlive(summary.pid, summary.pidStartTicks))
    return { kind: "running", pid: summary.pid };
  return stateByJournal(summary);
}

/**
 * A run with no result.json and no process: ended, when its journal has its
 * end (result.json could not be written: a full disk), else killed.
 */
function stateByJournal(summary: RunSummary): RunState {
  let replay: JournalReplay;
  try {
    replay = JournalReplay.of(readJournal(runRecordPaths(summary.dir).journal).events);
  } catch {
    return { kind: "killed" };
  }
  const status = replay.runStatus();
  if (status === undefined)
    return replay.resumedBy === undefined
      ? { kind: "killed" }
      : { kind: "killed", resumedBy: replay.resumedBy };
  const state: RunState = { kind: "ended", status };
  const durationMs = replay.finished?.metrics?.durationMs;
  if (typeof durationMs === "number") state.durationMs = durationMs;
  return state;
}
