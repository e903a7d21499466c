import assert from "node:assert/strict";
import { NoopStep, noopSteps } from "../../src/bench/noop-steps";
import { WorkflowContext } from "../../src/runtime/context";
import { WorkflowDefinition } from "../../src/runtime/definition";
import { WorkflowEngine } from "../../src/runtime/engine";
import { inProcessMetrics } from "../../src/runtime/in-process-metrics";
import type { SpanFigures } from "../../src/runtime/shared-figures";
import type { StepMemory } from "../../src/runtime/step-memory";
import { WorkflowTestFixture } from "../../src/testing/workflow-test-fixture";

const NO_GROWTH: StepMemory = Object.freeze({ kind: "heap_growth", bytes: 0 });
const figures: SpanFigures = { cpuUserMs: 0.25, cpuSystemMs: 0.017, peakMemoryBytes: 1024 };

describe("an in-process step's metrics", () => {
  it("hold the figures given, frozen", () => {
    const m = inProcessMetrics(1_700_000_000_000, 1_700_000_000_001, 0.003, figures, NO_GROWTH);
    assert.deepStrictEqual(
      { ...m },
      {
        startTime: 1_700_000_000_000,
        endTime: 1_700_000_000_001,
        durationMs: 0.003,
        cpuUserMs: 0.25,
        cpuSystemMs: 0.017,
        peakMemoryBytes: 1024,
        memory: NO_GROWTH,
      },
    );
    assert.ok(Object.isFrozen(m));
    assert.throws(() => {
      (m as { durationMs: number }).durationMs = 5;
    }, TypeError);
  });

  it("are one object for fast steps whose every figure is the same, and another where one differs", () => {
    const t = 1_700_000_000_100;
    const a = inProcessMetrics(t, t, 0.002, figures, NO_GROWTH);
    assert.equal(inProcessMetrics(t, t, 0.002, figures, NO_GROWTH), a);
    const others = [
      inProcessMetrics(t, t, 0.003, figures, NO_GROWTH),
      inProcessMetrics(t, t + 1, 0.002, figures, NO_GROWTH),
      inProcessMetrics(t + 1, t + 1, 0.002, figures, NO_GROWTH),
      inProcessMetrics(t + 1, t + 1, 0.002, { ...figures }, NO_GROWTH),
      inProcessMetrics(t + 1, t + 1, 0.002, figures, { kind: "heap_growth", bytes: 64 }),
    ];
    for (const other of others) assert.notEqual(other, a);
    // Each still holds its own figures.
    assert.deepStrictEqual(
      others.map((m) => [m.startTime, m.endTime, m.durationMs, m.memory?.bytes]),
      [
        [t, t, 0.003, 0],
        [t, t + 1, 0.002, 0],
        [t + 1, t + 1, 0.002, 0],
        [t + 1, t + 1, 0.002, 0],
        [t + 1, t + 1, 0.002, 64],
      ],
    );
  });

  it("are an object of their own for a step of 64 µs or more", () => {
    const t = 1_700_000_000_200;
    const a = inProcessMetrics(t, t, 0.064, figures, NO_GROWTH);
    assert.notEqual(inProcessMetrics(t, t, 0.064, figures, NO_GROWTH), a);
    assert.equal(a.durationMs, 0.064);
    assert.ok(Object.isFrozen(a));
  });

  it("of a run's steps are frozen, and fast steps with the same figures share them", async () => {
    using fixture = new WorkflowTestFixture();
    const steps = [...noopSteps(1000), new NoopStep("last")];
    const result = await new WorkflowEngine().executeWorkflow(
      new WorkflowDefinition({ id: "many", steps }),
      new WorkflowContext({ workingDirectory: fixture.dir, env: {} }),
      { journal: false },
    );
    assert.equal(result.status, "success");
    assert.equal(result.stepResults.length, 1001);
    for (const step of result.stepResults) {
      assert.ok(Object.isFrozen(step.metrics), `${step.stepId}'s metrics are frozen`);
      assert.ok(step.metrics.endTime >= step.metrics.startTime);
    }
    const distinct = new Set(result.stepResults.map((s) => s.metrics)).size;
    // A thousand no-op steps run in milliseconds: far fewer figures than steps.
    assert.ok(distinct < 1001, `${distinct} metrics objects for 1,001 steps`);
  });
});
