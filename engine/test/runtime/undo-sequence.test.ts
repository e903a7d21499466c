import assert from "node:assert/strict";
import type { JournalEvent } from "../../src/record/journal-event";
import { undoSteps, type UndoItem } from "../../src/runtime/rollback";

/** An undo of `id` that notes it ran, then fails with `error` when one is given. */
function noted(id: string, ran: string[], error?: unknown): UndoItem {
  return {
    stepId: id,
    undo: async () => {
      ran.push(id);
      if (error !== undefined) throw error;
    },
  };
}

describe("a rollback's undos in sequence", () => {
  it("undoes each in turn, records each outcome in order, and goes on after a failed one", async () => {
    const ran: string[] = [];
    const events: JournalEvent[] = [];
    const outcome = await undoSteps(
      [noted("c", ran), noted("b", ran, new Error("no undo today")), noted("a", ran)],
      "failure",
      (event) => events.push(event),
    );
    assert.deepEqual(ran, ["c", "b", "a"]);
    assert.deepEqual(outcome.rolledBack, ["c", "a"]);
    assert.deepEqual([...outcome.failed], [["b", "no undo today"]]);
    assert.deepEqual(
      events.map((e) => (e.type === "step_rolled_back" ? `${e.step} ${e.status}` : e.type)),
      ["rollback_started", "c rolled_back", "b rollback_failed", "a rolled_back"],
    );
  });

  it("ends with the error of a record that throws, as a rejection, not as an unhandled one", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      const ran: string[] = [];
      let lines = 0;
      const rollback = undoSteps([noted("b", ran), noted("a", ran)], "failure", () => {
        if (++lines === 2) throw new Error("the record broke");
      });
      await assert.rejects(rollback, /the record broke/);
      assert.deepEqual(ran, ["b"], "no undo starts after the record broke");
      // Unhandled rejections are reported after the microtasks of this turn.
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(unhandled, []);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });

  it("a give-up signal aborted during an undo leaves the rest not attempted, also in a later rollback with it", async () => {
    const stop = new AbortController();
    const ran: string[] = [];
    const stopping: UndoItem = {
      stepId: "c",
      undo: async () => {
        ran.push("c");
        stop.abort(new Error("second Ctrl+C"));
      },
    };
    const first = await undoSteps(
      [stopping, noted("b", ran), noted("a", ran)],
      "failure",
      () => {},
      {
        giveUp: stop.signal,
      },
    );
    assert.deepEqual(ran, ["c"]);
    assert.deepEqual(first.notAttempted, ["b", "a"]);
    const again = await undoSteps([noted("b", ran)], "manual", () => {}, { giveUp: stop.signal });
    assert.deepEqual(ran, ["c"]);
    assert.deepEqual(again.notAttempted, ["b"]);
  });

  it("a give-up signal aborted before the rollback: no undo is attempted", async () => {
    const ran: string[] = [];
    const outcome = await undoSteps([noted("a", ran)], "manual", () => {}, {
      giveUp: AbortSignal.abort(),
    });
    assert.deepEqual(ran, []);
    assert.deepEqual(outcome.notAttempted, ["a"]);
  });
});
