import type {
  EarlierAttempts,
  JournalStepInfo,
  StepEarlierAttemptsEvent,
} from "../record/journal-event";
import {
  earlierOnlyUndone,
  earlierUndoCalls,
  ownAttemptsToUndo,
  type ReplayedStep,
} from "../record/journal-replay";
import type { CommandRegistry } from "../commands/registry";
import type { StepProcessEvent, UndoneBeforeFailing } from "../record/journal-event";
import type { WorkflowContext } from "./context";
import { emptyMetrics } from "./metrics";
import { undoExecution } from "./undo-execution";
import { undoFromRecord } from "./undo-from-record";
import type { StepOutputSinks } from "./step-output";
import { StepStatus } from "./status";
import { errorMessage, type StepResult, type UndoRecipe, type WorkflowStep } from "./step";
import type { UndoAbort } from "./undo-abort";
import type { UndoItem } from "./rollback";

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

/** Where and with what the earlier attempts of a step are undone (see {@link earlierUndoCall}). */
export interface EarlierUndoPlace {
  context: WorkflowContext;
  backupsDir: string;
  force?: boolean;
  /** Where the undo's process groups are recorded. */
  record: (event: StepProcessEvent) => void;
  registry: CommandRegistry;
  /** Secret params' values, by name: what a recipe kept as their references reads. */
  params: Readonly<Record<string, string>>;
  /** The step as the workflow declares it now: its `rollback()` undoes an attempt whose undo is code. */
  step: WorkflowStep | undefined;
  /** Why an attempt whose undo is code cannot be undone, when the workflow has no such rollback() and the record names no function. */
  codeMissing: () => string;
  /** Where what the undo prints goes (see `undoExecution`). */
  output?: StepOutputSinks;
}

/**
 * How each earlier attempt of step `s` is undone: from the record, as
 * `momoflow rollback` undoes a step (see `undoFromRecord`): by the recipe
 * it was recorded with; one whose undo is code by the step's own
 * `rollback()`, given that attempt's data, or, the step gone from the file,
 * by the `js()` function the record names.
 */
export function earlierUndoCall(s: ReplayedStep, place: EarlierUndoPlace): EarlierUndoCall {
  return async (recipe, data, abort) => {
    const execution = undoExecution(
      place.context,
      s.info.id,
      s.attempts,
      place.backupsDir,
      place.force,
      place.record,
      abort,
      place.output,
    );
    try {
      await undoFromRecord(
        { recipe, calls: [data], result: (d) => attemptResult(s, d) },
        {
          registry: place.registry,
          context: place.context,
          params: place.params,
          step: place.step,
          missing: place.codeMissing,
        },
        execution,
      );
    } finally {
      execution.endOutput();
    }
  };
}

/** The result a step's own `rollback()` is given for one earlier attempt, with its data. */
function attemptResult(s: ReplayedStep, data: unknown): StepResult {
  const result: StepResult = {
    stepId: s.info.id,
    status: s.status ?? StepStatus.FAILED,
    metrics: s.metrics ?? emptyMetrics(),
    attempts: s.attempts,
  };
  if (data !== undefined) result.rollbackData = data;
  return result;
}

/**
 * Undoes the step's earlier attempts (see {@link ReplayedStep.earlier}): the
 * latest run's first, each run's last attempt first. Each run whose attempts
 * are all undone is added to `undone`; an undo that fails names its run.
 */
async function undoEarlierAttempts(
  s: ReplayedStep,
  call: EarlierUndoCall,
  abort: UndoAbort,
  undone: string[],
): Promise<void> {
  const earlier = s.earlier ?? [];
  for (let k = earlier.length - 1; k >= 0; k--) {
    const e = earlier[k]!;
    try {
      for (const data of earlierUndoCalls(e)) await call(e.undo, data, abort);
    } catch (error) {
      throw new Error(`what run ${e.from} did in it could not be undone: ${errorMessage(error)}`, {
        cause: error,
      });
    }
    undone.push(e.from);
  }
}

/**
 * The undo of a step with earlier attempts: `own` (what this run did in it,
 * when it did something), then the earlier attempts, latest first, by `call`.
 * When a part fails, the parts undone before it are recorded as undone
 * (`undoneBeforeFailing`): the next rollback, which tries the step again,
 * undoes only the rest — a shell undo run twice would do its work twice.
 */
export function withEarlierAttempts(
  s: ReplayedStep,
  own: UndoItem | undefined,
  call: EarlierUndoCall,
): UndoItem {
  const earlierOnly = earlierOnlyUndone(s);
  let ownUndone = false;
  const earlierUndone: string[] = [];
  return {
    stepId: s.info.id,
    processes: s.processes,
    timeoutMs: s.info.rollbackTimeoutMs,
    ...(earlierOnly.length > 0 && { earlierOnly }),
    undo: async (abort) => {
      if (own) {
        await own.undo(abort);
        ownUndone = true;
      }
      await undoEarlierAttempts(s, call, abort, earlierUndone);
      // An earlier attempt never started says nothing of this run's: the step is undone as it was.
      abort.neverStarted = false;
    },
    undoneBeforeFailing: () => {
      if (!ownUndone && earlierUndone.length === 0) return undefined;
      const undone: UndoneBeforeFailing = {};
      if (ownUndone) undone.own = true;
      if (earlierUndone.length > 0) undone.earlier = [...earlierUndone];
      return undone;
    },
  };
}
