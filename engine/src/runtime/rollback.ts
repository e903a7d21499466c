import { performance } from "node:perf_hooks";
import type { RollbackStartedEvent } from "../record/journal-event";
import type { EventSink } from "../record/journal-writer";
import { errorMessage } from "./step";

/** A completed step to undo; `undo` is absent when the step is irreversible. */
export interface UndoItem {
  stepId: string;
  undo: (() => Promise<void>) | undefined;
}

/** What a rollback achieved. */
export interface RollbackOutcome {
  /** Undone, in the order they were undone. */
  rolledBack: string[];
  /** Undo threw: step id → message. */
  failed: Map<string, string>;
  /** Completed but irreversible: left as they are. */
  irreversible: string[];
}

/**
 * Undoes `items` in reverse order (the saga's compensations): every undo is
 * attempted even when an earlier one throws, and each outcome is recorded.
 */
export async function undoInReverse(
  items: readonly UndoItem[],
  reason: RollbackStartedEvent["reason"],
  sink: EventSink | undefined,
): Promise<RollbackOutcome> {
  const outcome: RollbackOutcome = { rolledBack: [], failed: new Map(), irreversible: [] };
  const order = [...items].reverse();
  sink?.emit({
    type: "rollback_started",
    time: Date.now(),
    reason,
    steps: order.filter((i) => i.undo).map((i) => i.stepId),
  });
  for (const item of order) {
    if (!item.undo) {
      outcome.irreversible.push(item.stepId);
      continue;
    }
    const started = performance.now();
    try {
      await item.undo();
      outcome.rolledBack.push(item.stepId);
      sink?.emit({
        type: "step_rolled_back",
        time: Date.now(),
        step: item.stepId,
        status: "rolled_back",
        durationMs: performance.now() - started,
      });
    } catch (error) {
      const message = errorMessage(error);
      outcome.failed.set(item.stepId, message);
      sink?.emit({
        type: "step_rolled_back",
        time: Date.now(),
        step: item.stepId,
        status: "rollback_failed",
        durationMs: performance.now() - started,
        error: message,
      });
    }
  }
  return outcome;
}
