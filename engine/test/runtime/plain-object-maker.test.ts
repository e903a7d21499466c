import assert from "node:assert/strict";
import { inspect, isDeepStrictEqual } from "node:util";
import { WorkflowEngine } from "../../src/runtime/engine";
import { WorkflowContext } from "../../src/runtime/context";
import { plainObjectMaker } from "../../src/runtime/plain-object-maker";
import { stepInfo } from "../../src/runtime/step-info";
import { JournalReplay } from "../../src/record/journal-replay";
import { NoopStep } from "../../src/bench/noop-steps";
import type { JournalEvent, JournalStepInfo } from "../../src/record/journal-event";
import { REQUIRED_METRIC_FIELDS } from "../support/metric-fields";
import { runStartedEvent } from "../support/run-started-event";

/** The replay of a run of the one step `info`, with `events` after its start. */
function replayOf(info: JournalStepInfo, ...events: JournalEvent[]): JournalReplay {
  return JournalReplay.of([runStartedEvent([info]), ...events]);
}

describe("plain objects made by a constructor (no allocation site for V8 to pretenure)", () => {
  it("are what a literal of the same fields is to a deep comparison, JSON and inspect", () => {
    const Point = plainObjectMaker(function (this: { x: number; y: number }, x: number, y: number) {
      this.x = x;
      this.y = y;
    });
    const made = new Point(1, 2);
    assert.equal(Object.getPrototypeOf(made), Object.prototype);
    assert.deepStrictEqual(made, { x: 1, y: 2 });
    assert.equal(JSON.stringify(made), '{"x":1,"y":2}');
    assert.equal(inspect(made), inspect({ x: 1, y: 2 }));
  });

  it("a run's metrics, step infos and replayed steps are plain objects", async () => {
    const result = await new WorkflowEngine().executeWorkflow(
      { id: "plain", steps: [new NoopStep("a")] },
      new WorkflowContext({ workingDirectory: process.cwd(), env: {} }),
      { journal: false },
    );
    const metrics = result.stepResults[0]!.metrics;
    assert.ok(isDeepStrictEqual(metrics, { ...metrics }));
    assert.deepStrictEqual(Object.keys(metrics), [...REQUIRED_METRIC_FIELDS, "memory"]);
    const info = stepInfo(new NoopStep("b"));
    assert.deepStrictEqual(info, { id: "b", needs: [], reversible: false });
    const replay = replayOf(info);
    const replayed = replay.steps()[0]!;
    assert.ok(isDeepStrictEqual(replayed, { ...replayed }));
  });

  it("a replayed step keeps its keys when it is undone (no new shape per undo)", () => {
    const info = stepInfo(new NoopStep("a", true));
    const replay = replayOf(info, { type: "step_started", time: 2, step: "a", attempt: 1 });
    const replayed = replay.steps()[0]!;
    const keys = Object.keys(replayed);
    replay.apply({
      type: "step_rolled_back",
      time: 3,
      step: "a",
      status: "rolled_back",
      durationMs: 0,
    });
    assert.equal(replayed.undoStatus, "rolled_back");
    assert.deepStrictEqual(Object.keys(replayed), keys);
    assert.ok(isDeepStrictEqual(replayed, { ...replayed }));
  });
});
