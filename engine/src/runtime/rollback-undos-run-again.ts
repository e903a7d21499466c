import type { JournalEvent } from "../record/journal-event";
import { JournalReplay, type ReplayedStep } from "../record/journal-replay";

/**
 * A step whose undo an earlier rollback did not finish (it may have stopped
 * part-way), run by a later rollback from its start (an undo must be safe
 * to repeat): in `momoflow rollback
 * --json` (`undosRunAgain`, that rollback's) and in the run's `result.json`
 * (every rollback's, from the journal).
 */
export interface UndoRunAgain {
  stepId: string;
  /** Which rollback ran it before: the run's own (after a failure or Ctrl+C), or a `momoflow rollback`. */
  by: "run" | "rollback";
  /** When that rollback started (ISO 8601). */
  startedAt: string;
  /**
   * How its undo ended there: the rollback was `killed` at it — while it ran,
   * or just before it started (stopping what the step left running); the
   * record cannot tell which — or `given_up` it.
   */
  how: "killed" | "given_up";
  /**
   * On workers, the undo was not run again after all: the workers named here
   * had gone on with the undo that rollback sent them, and this one found it
   * finished (see `StepRolledBackEvent.foundUndoneOn`). Absent otherwise.
   */
  finishedOn?: string[];
}

/**
 * The steps of `toUndo` whose last undo stopped part-way, as `replay` stands
 * (see `JournalReplay.unfinishedUndo`): what a rollback about to undo them
 * runs again.
 */
export function unfinishedUndos(
  replay: JournalReplay,
  toUndo: readonly ReplayedStep[],
): UndoRunAgain[] {
  const found: UndoRunAgain[] = [];
  for (const s of toUndo) {
    const unfinished = replay.unfinishedUndo(s);
    if (unfinished === undefined) continue;
    found.push({
      stepId: s.info.id,
      by: unfinished.rollback.reason === "manual" ? "rollback" : "run",
      startedAt: new Date(unfinished.rollback.time).toISOString(),
      how: unfinished.how,
    });
  }
  return found;
}

/**
 * Every undo that a rollback of the run ran again, over the journal's whole
 * history, in the order they ended: at each rollback's start, the steps it
 * is to undo whose last undo stopped part-way (by the same rule as
 * {@link unfinishedUndos}), kept once that rollback recorded their undo's end
 * (done or failed). Only a journal with two rollbacks that undid something
 * can hold one: any other is not replayed again.
 */
export function undosRunAgainIn(events: readonly JournalEvent[]): UndoRunAgain[] {
  if (!hasTwoUndoingRollbacks(events)) return [];
  const replay = new JournalReplay();
  const ranAgain: UndoRunAgain[] = [];
  let pending = new Map<string, UndoRunAgain>();
  for (const event of events) {
    if (event.type === "rollback_started" && event.steps.length > 0) {
      const toUndo = event.steps
        .map((id) => replay.get(id))
        .filter((s): s is ReplayedStep => s !== undefined);
      pending = new Map(unfinishedUndos(replay, toUndo).map((u) => [u.stepId, u]));
    } else if (event.type === "step_rolled_back") {
      const again = pending.get(event.step);
      if (again !== undefined) {
        ranAgain.push(withFinishedOn(again, event.foundUndoneOn));
        pending.delete(event.step);
      }
    }
    replay.apply(event);
  }
  return ranAgain;
}

/** Whether at least two rollbacks of the run started with steps to undo. */
export function hasTwoUndoingRollbacks(events: readonly JournalEvent[]): boolean {
  let rollbacks = 0;
  for (const event of events)
    if (event.type === "rollback_started" && event.steps.length > 0 && ++rollbacks === 2)
      return true;
  return false;
}

/** `u`, with the workers that had finished its undo when there are any (see {@link UndoRunAgain.finishedOn}). */
export function withFinishedOn(
  u: UndoRunAgain,
  workers: readonly string[] | undefined,
): UndoRunAgain {
  // A hand-edited journal's line may hold anything there: only a list of names counts.
  return Array.isArray(workers) && workers.length > 0 ? { ...u, finishedOn: [...workers] } : u;
}
