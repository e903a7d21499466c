import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { WorkflowEngine } from "../../src/runtime/engine";
import {
  createFailureTestScenario,
  createPerformanceTestScenario,
  peakConcurrency,
  WorkflowTestCase,
  WorkflowTestFixture,
} from "../../src/testing";

describe("test scenarios", () => {
  const engine = new WorkflowEngine();
  const testCase = new WorkflowTestCase();
  const fixtures: WorkflowTestFixture[] = [];
  afterEach(() => fixtures.splice(0).forEach((f) => f.cleanup()));

  describe("createPerformanceTestScenario", () => {
    it("runs n steps of stepMs one after the other, in a fresh fixture", async () => {
      const { definition, context, steps, fixture } = createPerformanceTestScenario(5, 10);
      fixtures.push(fixture);
      assert.equal(context.workingDirectory, fixture.dir);
      assert.deepEqual(
        steps.map((s) => s.id),
        ["perf_step_1", "perf_step_2", "perf_step_3", "perf_step_4", "perf_step_5"],
      );
      assert.ok(steps.every((s) => s.needs === undefined));
      const result = await engine.executeWorkflow(definition, context);
      testCase.assertWorkflowSuccess(result);
      testCase.assertPerformanceBounds(result, { maxDurationMs: 2000 });
      assert.ok(result.metrics.durationMs >= 45, `took ${result.metrics.durationMs} ms`);
      assert.equal(peakConcurrency(steps), 1);
      const starts = steps.map((s) => s.executions[0]!.start);
      assert.deepEqual(
        starts,
        [...starts].sort((a, b) => a - b),
        "not in declaration order",
      );
      assert.ok(existsSync(result.runDir!) && result.runDir!.startsWith(fixture.dir));
    });

    it("builds a chain in declaration order, in the caller's fixture", () => {
      const fixture = new WorkflowTestFixture();
      fixtures.push(fixture);
      const scenario = createPerformanceTestScenario(3, 0, {
        fixture,
        chain: true,
        concurrency: 3,
      });
      assert.equal(scenario.fixture, fixture);
      assert.equal(scenario.definition.concurrency, 3);
      assert.deepEqual(
        scenario.steps.map((s) => s.needs),
        [undefined, ["perf_step_1"], ["perf_step_2"]],
      );
    });

    it("runs independent steps at once with a higher concurrency, a chain still one by one", async () => {
      const wide = createPerformanceTestScenario(4, 40, { concurrency: 4 });
      const chain = createPerformanceTestScenario(4, 10, { concurrency: 4, chain: true });
      fixtures.push(wide.fixture, chain.fixture);
      testCase.assertWorkflowSuccess(await engine.executeWorkflow(wide.definition, wide.context));
      testCase.assertWorkflowSuccess(await engine.executeWorkflow(chain.definition, chain.context));
      assert.equal(peakConcurrency(wide.steps), 4);
      assert.equal(peakConcurrency(chain.steps), 1);
    });

    it("rejects a step count below 1", () => {
      assert.throws(() => createPerformanceTestScenario(0, 1), RangeError);
    });
  });

  describe("createFailureTestScenario", () => {
    it("fails the step at the 0-based index and rolls back the ones before it", async () => {
      const { definition, context, steps, fixture, failingStepId } = createFailureTestScenario(
        2,
        5,
        true,
      );
      fixtures.push(fixture);
      assert.equal(failingStepId, "step_3");
      assert.ok(steps.every((s) => s.reversible));
      const result = await engine.executeWorkflow(definition, context);
      testCase.assertWorkflowFailure(result, "step_3");
      assert.equal(result.status, "rolled_back");
      testCase.assertStepRollback(result, "step_1");
      testCase.assertStepRollback(result, "step_2");
      testCase.assertStepStatus(result, "step_4", "not_run");
      testCase.assertStepStatus(result, "step_5", "not_run");
      assert.deepEqual(result.rolledBackSteps, ["step_2", "step_1"]);
      assert.deepEqual(
        steps.map((s) => [s.executions.length, s.rollbacks.length]),
        [
          [1, 1],
          [1, 1],
          [1, 0],
          [0, 0],
          [0, 0],
        ],
      );
    });

    it("leaves the completed steps as they are without rollback", async () => {
      const { definition, context, steps, fixture } = createFailureTestScenario(2, 5, false);
      fixtures.push(fixture);
      assert.equal(definition.rollbackOnFailure, false);
      const result = await engine.executeWorkflow(definition, context, { journal: false });
      testCase.assertWorkflowFailure(result, "step_3");
      assert.equal(result.status, "failed");
      testCase.assertStepStatus(result, "step_1", "success");
      testCase.assertStepStatus(result, "step_2", "success");
      testCase.assertStepStatus(result, "step_4", "not_run");
      assert.deepEqual(result.rolledBackSteps, []);
      assert.ok(steps.every((s) => s.rollbacks.length === 0));
    });

    it("fails at the first step with nothing to undo: the run is failed, not rolled back", async () => {
      const { definition, context, fixture } = createFailureTestScenario(0, 3, true, {
        chain: true,
      });
      fixtures.push(fixture);
      const result = await engine.executeWorkflow(definition, context, { journal: false });
      assert.equal(result.status, "failed");
      testCase.assertWorkflowFailure(result, "step_1");
      assert.deepEqual(result.rolledBackSteps, []);
    });

    it("rejects an index outside the steps", () => {
      assert.throws(
        () => createFailureTestScenario(5, 5, true),
        /failAt must be a 0-based step index below 5, got 5/,
      );
      assert.throws(() => createFailureTestScenario(-1, 5, true), RangeError);
      assert.throws(() => createFailureTestScenario(1.5, 5, true), RangeError);
    });
  });
});
