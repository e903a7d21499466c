import type {
  EarlierAttempts,
  JournalStepInfo,
  StepEarlierAttemptsEvent,
} from "../record/journal-event";
import { earlierUndoCalls, ownAttemptsToUndo, type ReplayedStep } from "../record/journal-replay";
import type { UndoRecipe } from "./step";
import type { UndoAbort } from "./undo-abort";

/**
 * What a run resuming the run of `s` (id `runId`) must take over of the
 * step when it does not reuse it: the attempts that run took over in turn,
 * then that run's own when they are left to undo. Empty when nothing is.
 */
export function earlierAttemptsOf(s: ReplayedStep, runId: string): EarlierAttempts[] {
  const list = s.earlier ? s.earlier.slice() : [];
  if (s.undoStatus !== "rolled_back" && ownAttemptsToUndo(s)) {
    const own: EarlierAttempts = { from: runId, attempts: attemptsOf(s) };
    if (s.undo !== undefined) own.undo = s.undo;
    list.push(own);
  }
  return list;
}

/** Each attempt's rollback data as the event keeps it: `{}` for an attempt that recorded none. */
function attemptsOf(s: ReplayedStep): { data?: unknown }[] {
  const count = Math.max(1, s.attemptData.length);
  const attempts: { data?: unknown }[] = [];
  for (let k = 0; k < count; k++) {
    const data = s.attemptData[k];
    attempts.push(data === undefined ? {} : { data });
  }
  return attempts;
}

/** The lines that make `earlier` attempts of step `stepId` this run's own: one per run that made some. */
export function earlierEvents(
  stepId: string,
  earlier: readonly EarlierAttempts[],
  info: JournalStepInfo,
): StepEarlierAttemptsEvent[] {
  return earlier.map((e) => {
    const event: StepEarlierAttemptsEvent = {
      type: "step_earlier_attempts",
      time: Date.now(),
      step: stepId,
      from: e.from,
      attempts: e.attempts,
      info,
    };
    if (e.undo !== undefined) event.undo = e.undo;
    return event;
  });
}

/** How one earlier attempt is undone: by its recipe, or by the step's code when it has none. */
export type EarlierUndoCall = (
  undo: UndoRecipe | undefined,
  data: unknown,
  abort: UndoAbort,
) => Promise<void>;

/** Undoes the step's earlier attempts (see {@link ReplayedStep.earlier}): the latest run's first, each run's last attempt first. */
export async function undoEarlierAttempts(
  s: ReplayedStep,
  call: EarlierUndoCall,
  abort: UndoAbort,
): Promise<void> {
  const earlier = s.earlier ?? [];
  for (let k = earlier.length - 1; k >= 0; k--) {
    const e = earlier[k]!;
    for (const data of earlierUndoCalls(e)) await call(e.undo, data, abort);
  }
}
