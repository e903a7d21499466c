import assert from "node:assert/strict";
import { performance } from "node:perf_hooks";
import { WorkflowContext } from "../../src/runtime/context";
import { WorkflowEngine } from "../../src/runtime/engine";
import { emptyMetrics } from "../../src/runtime/metrics";
import { StepStatus } from "../../src/runtime/status";
import type { WorkflowStep } from "../../src/runtime/step";
import { tmpdir } from "node:os";

/** A step of one attempt that does nothing and succeeds. */
function noop(id: string, extra: Partial<WorkflowStep> = {}): WorkflowStep {
  return {
    id,
    description: "",
    reversible: false,
    execute: () =>
      Promise.resolve({
        stepId: id,
        status: StepStatus.SUCCESS,
        metrics: emptyMetrics(0),
        attempts: 1,
      }),
    ...extra,
  };
}

/** Runs `steps` unrecorded with `performance.now` replaced by `now` (restored after). */
async function runWithClock(steps: WorkflowStep[], now: () => number) {
  const real = performance.now;
  performance.now = now;
  try {
    return await new WorkflowEngine().executeWorkflow(
      { id: "clock", steps },
      new WorkflowContext({ workingDirectory: tmpdir(), env: {} }),
      { journal: false },
    );
  } finally {
    performance.now = real;
  }
}

describe("the monotonic clock in a chain of steps", () => {
  it("a step that follows the end of the one before starts at that end's reading: one read per step", async () => {
    const count = 50;
    let reads = 0;
    const real = performance.now.bind(performance);
    const steps = Array.from({ length: count }, (_, i) => noop(`s${i}`));
    const result = await runWithClock(steps, () => (reads++, real()));
    assert.equal(result.status, "success");
    // Two per step before: its start and its end. The run's own measurement reads a few more.
    assert.ok(reads <= count + 5, `${reads} reads for ${count} steps`);
    // The clock still runs forward from step to step.
    for (let i = 1; i < count; i++) {
      const before = result.stepResults[i - 1]!.metrics;
      const after = result.stepResults[i]!.metrics;
      assert.ok(after.startTime >= before.startTime, `step ${i} starts before the one before it`);
      assert.ok(after.durationMs >= 0);
    }
  });

  it("a step whose `when` ran reads its own start: the condition's time is not its duration", async () => {
    let clock = 0;
    const steps = [
      noop("first"),
      noop("guarded", {
        when: () => {
          clock += 5000; // a condition that takes five seconds (of this clock)
          return true;
        },
      }),
    ];
    const result = await runWithClock(steps, () => (clock += 0.001));
    const guarded = result.stepResults[1]!;
    assert.equal(guarded.status, "success");
    assert.ok(guarded.metrics.durationMs < 1, `its duration was ${guarded.metrics.durationMs} ms`);
  });
});
