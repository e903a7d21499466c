import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { waitFor } from "../support/cli-process";
import type { WorkflowContext } from "../../src/runtime/context";
import { BaseWorkflowStep, type StepExecution, type StepResult } from "../../src/runtime/step";
import {
  peakConcurrency,
  TestWorkflowStep,
  type TestWorkflowStepOptions,
  WorkflowTestCase,
  WorkflowTestFixture,
} from "../../src/testing";

/** The engine's run semantics (language.md §4 and §6), observed through the test kit. */
describe("engine semantics, through the test kit", () => {
  let fixture: WorkflowTestFixture;
  let testCase: WorkflowTestCase;
  beforeEach(() => {
    fixture = new WorkflowTestFixture();
    testCase = new WorkflowTestCase(fixture);
  });
  afterEach(() => fixture.cleanup());

  const step = (id: string, options: TestWorkflowStepOptions = {}) =>
    new TestWorkflowStep(id, options);

  describe("rollback on failure", () => {
    it("undoes completed steps in reverse order of completion, not of declaration", async () => {
      // Concurrency 3: a, b, c start together and complete b (30), c (60), a (90);
      // d starts when b ends and fails at about 150.
      const steps = [
        step("a", { durationMs: 90 }),
        step("b", { durationMs: 30 }),
        step("c", { durationMs: 60 }),
        step("d", { durationMs: 120, shouldFail: true }),
      ];
      const result = await fixture.execute(fixture.createWorkflow(steps, { concurrency: 3 }));
      assert.equal(result.status, "rolled_back");
      testCase.assertWorkflowFailure(result, "d");
      for (const id of ["a", "b", "c"]) testCase.assertStepRollback(result, id);
      assert.deepEqual(result.rolledBackSteps, ["a", "c", "b"]);
      const [a, b, c] = steps.slice(0, 3).map((s) => s.rollbacks[0]!.at);
      assert.ok(a! < c! && c! < b!, "rollback timestamps are not in reverse order of completion");
      assert.equal(steps[3]!.rollbacks.length, 0, "the failed step itself must not be undone");
    });

    it("stops starting steps after a failure; later steps are not run", async () => {
      const steps = [
        step("a"),
        step("b", { shouldFail: true }),
        step("c"),
        step("d", { needs: ["c"] }),
      ];
      const result = await fixture.execute(fixture.createWorkflow(steps));
      testCase.assertWorkflowFailure(result, "b");
      testCase.assertStepStatus(result, "c", "not_run");
      testCase.assertStepStatus(result, "d", "not_run");
      assert.deepEqual(
        steps.map((s) => s.executions.length),
        [1, 1, 0, 0],
      );
      assert.match(result.error!, /^step "b" failed: /);
    });

    it("waits for steps still running at the failure, then undoes them too", async () => {
      const steps = [
        step("a", { durationMs: 10, shouldFail: true }),
        step("b", { durationMs: 60 }),
        step("c"),
      ];
      const result = await fixture.execute(fixture.createWorkflow(steps, { concurrency: 2 }));
      assert.equal(result.status, "rolled_back");
      assert.equal(steps[1]!.executions[0]!.outcome, "success");
      testCase.assertStepRollback(result, "b");
      testCase.assertStepStatus(result, "c", "not_run");
    });

    it("fails the steps named in failSteps without running them", async () => {
      const steps = [step("a"), step("b")];
      const result = await fixture.execute(fixture.createWorkflow(steps), { failSteps: ["b"] });
      testCase.assertWorkflowFailure(result, "b");
      assert.equal(result.stepResults[1]!.error, "failure injected by the test");
      assert.equal(steps[1]!.executions.length, 0);
      testCase.assertStepRollback(result, "a");
    });

    it("fails the run when the workflow timeout passes", async () => {
      const steps = [step("a"), step("b", { durationMs: 10_000 }), step("c")];
      const result = await fixture.execute(fixture.createWorkflow(steps, { timeoutMs: 50 }));
      assert.equal(result.status, "rolled_back");
      assert.match(result.error!, /timed out after 50ms/);
      testCase.assertStepRollback(result, "a");
      testCase.assertStepStatus(result, "b", "failed");
      testCase.assertStepStatus(result, "c", "not_run");
      testCase.assertPerformanceBounds(result, { maxDurationMs: 2000 });
    });

    it("undoes nothing without rollback_on_failure", async () => {
      const steps = [step("a"), step("b"), step("c", { shouldFail: true })];
      const result = await fixture.execute(
        fixture.createWorkflow(steps, { rollbackOnFailure: false }),
      );
      assert.equal(result.status, "failed");
      testCase.assertWorkflowFailure(result, "c");
      testCase.assertStepStatus(result, "a", "success");
      testCase.assertStepStatus(result, "b", "success");
      assert.deepEqual(result.rolledBackSteps, []);
      assert.ok(steps.every((s) => s.rollbacks.length === 0));
    });

    it("lets the run's options override the definition's rollback setting", async () => {
      const steps = [step("a"), step("b", { shouldFail: true })];
      const result = await fixture.execute(fixture.createWorkflow(steps), {
        rollbackOnFailure: false,
      });
      assert.equal(result.status, "failed");
      assert.equal(steps[0]!.rollbacks.length, 0);
    });

    it("is partial when a completed step is irreversible", async () => {
      const steps = [
        step("a"),
        step("send_mail", { reversible: false }),
        step("c"),
        step("d", { shouldFail: true }),
      ];
      const result = await fixture.execute(fixture.createWorkflow(steps));
      assert.equal(result.status, "partially_rolled_back");
      testCase.assertWorkflowFailure(result, "d");
      testCase.assertStepRollback(result, "a");
      testCase.assertStepRollback(result, "c");
      testCase.assertStepStatus(result, "send_mail", "success");
      assert.deepEqual(result.rolledBackSteps, ["c", "a"]);
      assert.equal(steps[1]!.rollbacks.length, 0);
    });

    it("goes on undoing the others when one rollback throws", async () => {
      const steps = [
        step("a"),
        step("b", { rollbackShouldFail: true }),
        step("c"),
        step("d", { shouldFail: true }),
      ];
      const result = await fixture.execute(fixture.createWorkflow(steps));
      assert.equal(result.status, "partially_rolled_back");
      testCase.assertStepStatus(result, "b", "rollback_failed");
      assert.match(result.stepResults[1]!.error!, /^rollback failed: intentional rollback failure/);
      testCase.assertStepRollback(result, "a");
      testCase.assertStepRollback(result, "c");
      assert.deepEqual(result.rolledBackSteps, ["c", "a"]);
      const [a, b, c] = steps.slice(0, 3).map((s) => s.rollbacks[0]!.at);
      assert.ok(c! < b! && b! < a!, "b's rollback was not attempted between c's and a's");
    });
  });

  describe("retries", () => {
    it("retries with a doubling delay and succeeds", async () => {
      const flaky = step("flaky", { failAttempts: 3, retries: 3, retryDelayMs: 20 });
      const result = await fixture.execute(fixture.createWorkflow([flaky]));
      testCase.assertWorkflowSuccess(result);
      assert.equal(result.stepResults[0]!.attempts, 4);
      assert.deepEqual(
        flaky.executions.map((e) => [e.attempt, e.outcome]),
        [
          [1, "failed"],
          [2, "failed"],
          [3, "failed"],
          [4, "success"],
        ],
      );
      const gaps = flaky.executions.slice(1).map((e, i) => e.start - flaky.executions[i]!.end);
      // Delays of 20, 40 and 80 ms: check the order and a floor, not exact timings.
      assert.ok(gaps[0]! >= 15, `first gap ${gaps[0]} ms`);
      assert.ok(gaps[0]! < gaps[1]! && gaps[1]! < gaps[2]!, `gaps do not grow: ${gaps.join(", ")}`);
      assert.ok(gaps[2]! >= 2.5 * gaps[0]!, `gaps do not double: ${gaps.join(", ")}`);
    });

    // Engine bug (see the kit's report): fails until step-runner.ts stops counting the
    // attempt whose retry delay was cut short by the cancellation.
    it("counts only the attempts made when cancelled during a retry delay", async () => {
      const flaky = step("flaky", { shouldFail: true, retries: 3, retryDelayMs: 5000 });
      const controller = new AbortController();
      const running = fixture.execute(fixture.createWorkflow([flaky]), {
        signal: controller.signal,
      });
      // In its retry delay: the first attempt has failed (a loaded machine may take a while to get there).
      await waitFor(() => flaky.executions[0]?.outcome === "failed", "the first attempt to fail");
      controller.abort();
      const result = await running;
      assert.equal(result.status, "cancelled");
      assert.equal(flaky.executions.length, 1);
      assert.equal(result.stepResults[0]!.attempts, 1);
    });

    it("fails after the last retry", async () => {
      const broken = step("broken", { shouldFail: true, retries: 2, retryDelayMs: 1 });
      const result = await fixture.execute(fixture.createWorkflow([broken]));
      testCase.assertWorkflowFailure(result, "broken");
      assert.equal(result.stepResults[0]!.attempts, 3);
      assert.equal(broken.executions.length, 3);
    });
  });

  describe("when", () => {
    it("skips a step whose condition is false; its dependents still run", async () => {
      const steps = [
        step("build"),
        step("deploy", { needs: ["build"], when: (c) => c.get("deploy") === true }),
        step("report", { needs: ["deploy"] }),
      ];
      const result = await fixture.execute(fixture.createWorkflow(steps), {
        context: fixture.createContext({ deploy: false }),
      });
      testCase.assertWorkflowSuccess(result);
      testCase.assertStepStatus(result, "deploy", "skipped");
      testCase.assertStepStatus(result, "report", "success");
      assert.equal(steps[1]!.executions.length, 0);
      assert.equal(result.successRate, 1);
    });

    it("records a condition that throws as the step's failure", async () => {
      const steps = [
        step("a"),
        step("b", {
          when: () => {
            throw new Error("no such var");
          },
        }),
      ];
      const result = await fixture.execute(fixture.createWorkflow(steps));
      testCase.assertWorkflowFailure(result, "b");
      assert.equal(result.stepResults[1]!.error, 'its "when" condition threw: no such var');
      assert.equal(steps[1]!.executions.length, 0);
    });

    it("runs the step when the condition is true", async () => {
      const deploy = step("deploy", { when: (c) => c.get("deploy") === true });
      const result = await fixture.execute(fixture.createWorkflow([deploy]), {
        context: fixture.createContext({ deploy: true }),
      });
      testCase.assertStepStatus(result, "deploy", "success");
    });
  });

  describe("concurrency", () => {
    it("never runs more steps at once than the bound, and reaches it", async () => {
      const steps = Array.from({ length: 6 }, (_, i) => step(`s${i}`, { durationMs: 50 }));
      const result = await fixture.execute(fixture.createWorkflow(steps, { concurrency: 2 }));
      testCase.assertWorkflowSuccess(result);
      assert.equal(peakConcurrency(steps), 2);
      // Three waves of two: about 150 ms, well below six steps one by one.
      assert.ok(result.metrics.durationMs >= 140, `took ${result.metrics.durationMs} ms`);
      testCase.assertPerformanceBounds(result, { maxDurationMs: 290 });
    });

    it("runs one at a time in declaration order with concurrency 1", async () => {
      const steps = Array.from({ length: 4 }, (_, i) => step(`s${i}`, { durationMs: 5 }));
      await fixture.execute(fixture.createWorkflow(steps));
      assert.equal(peakConcurrency(steps), 1);
      const starts = steps.map((s) => s.executions[0]!.start);
      assert.deepEqual(
        starts,
        [...starts].sort((x, y) => x - y),
      );
    });

    it("never starts a step before its needs, whatever the bound", async () => {
      const steps = [
        step("late", { needs: ["early"], durationMs: 5 }),
        step("early", { durationMs: 40 }),
      ];
      await fixture.execute(fixture.createWorkflow(steps, { concurrency: 4 }));
      assert.ok(steps[0]!.executions[0]!.start >= steps[1]!.executions[0]!.end);
    });
  });

  describe("cancellation", () => {
    it("cancels mid-run: the running step is stopped, completed ones undone, the rest not run", async () => {
      const steps = [
        step("a", { durationMs: 20 }),
        step("b", { durationMs: 20 }),
        step("c", { durationMs: 10_000 }),
        step("d"),
      ];
      const controller = new AbortController();
      const running = fixture.execute(fixture.createWorkflow(steps), { signal: controller.signal });
      // Mid-run: a and b done, c running (polled: a loaded machine may take longer than their 40 ms).
      await waitFor(() => steps[2]!.executions.length === 1, "step c to start");
      controller.abort(new Error("user pressed stop"));
      const result = await running;
      assert.equal(result.status, "cancelled");
      assert.ok(
        result.metrics.durationMs < 5000, // step c would take 10 s
        `cancellation took ${result.metrics.durationMs} ms`,
      );
      testCase.assertStepRollback(result, "a");
      testCase.assertStepRollback(result, "b");
      assert.deepEqual(result.rolledBackSteps, ["b", "a"]);
      testCase.assertStepStatus(result, "c", "cancelled");
      assert.match(result.stepResults[2]!.error!, /cancelled: user pressed stop/);
      assert.equal(steps[2]!.executions[0]!.outcome, "aborted");
      testCase.assertStepStatus(result, "d", "not_run");
      assert.equal(steps[3]!.executions.length, 0);
    });

    it("cancels through the context's signal too", async () => {
      const controller = new AbortController();
      const context = fixture.createContext({}, { signal: controller.signal });
      const steps = [step("a"), step("b", { durationMs: 10_000 })];
      const running = fixture.execute(fixture.createWorkflow(steps), { context });
      await waitFor(() => steps[1]!.executions.length === 1, "step b to start");
      controller.abort();
      const result = await running;
      assert.equal(result.status, "cancelled");
      testCase.assertStepRollback(result, "a");
    });
  });

  describe("cancellation: steps never started", () => {
    // Engine bug (see the kit's report): fails until the run stops starting steps once
    // cancelled; today the next ready step is "started" and reported failed ("cancelled").
    it("reports every step not_run when the signal is aborted before the run", async () => {
      const steps = [step("a"), step("b")];
      const controller = new AbortController();
      controller.abort();
      const result = await fixture.execute(fixture.createWorkflow(steps), {
        signal: controller.signal,
      });
      assert.equal(result.status, "cancelled");
      assert.ok(steps.every((s) => s.executions.length === 0));
      testCase.assertStepStatus(result, "a", "not_run");
      testCase.assertStepStatus(result, "b", "not_run");
    });

    // Engine bug (same cause): a step that ignores the signal and completes after the
    // cancellation makes the scheduler start its successor.
    it("does not start the next step when a running one completes after the cancel", async () => {
      const b = step("b");
      const a = new SignalIgnoringStep("a", 200);
      const steps = [a, b, step("c")];
      const context = fixture.createContext();
      const running = fixture.execute(fixture.createWorkflow(steps), { context });
      await waitFor(() => a.started, "step a to start");
      context.cancel();
      const result = await running;
      assert.equal(result.status, "cancelled");
      testCase.assertStepRollback(result, "a");
      assert.equal(b.executions.length, 0);
      testCase.assertStepStatus(result, "b", "not_run");
      testCase.assertStepStatus(result, "c", "not_run");
    });
  });

  describe("step timeout", () => {
    // Engine bug (see the kit's report): fails until step-runner.ts recognises a timeout by
    // the attempt signal's reason rather than by what the action threw.
    it("says the step timed out when its action rejects with an AbortError", async () => {
      const result = await fixture.execute(
        fixture.createWorkflow([new AbortErrorStep("fetch", 20)]),
      );
      testCase.assertWorkflowFailure(result, "fetch");
      assert.equal(result.stepResults[0]!.error, "timed out after 20ms");
    });
  });

  describe("continue_on_error", () => {
    it("records the failure and goes on; with every step run, the run succeeds", async () => {
      const steps = [
        step("a"),
        step("lint", { shouldFail: true, continueOnError: true }),
        step("c"),
        step("report", { needs: ["c"] }),
      ];
      const result = await fixture.execute(fixture.createWorkflow(steps));
      assert.equal(result.status, "success");
      testCase.assertStepStatus(result, "lint", "failed");
      testCase.assertStepStatus(result, "report", "success");
      assert.deepEqual(result.rolledBackSteps, []);
      assert.ok(steps.every((s) => s.rollbacks.length === 0));
      assert.equal(result.successRate, 0.75);
    });

    it("a run whose steps never ran because a step they need failed is not a success", async () => {
      const steps = [
        step("a"),
        step("lint", { shouldFail: true, continueOnError: true }),
        step("c"),
        step("after_lint", { needs: ["lint"] }),
        step("publish", { needs: ["after_lint"] }),
      ];
      const result = await fixture.execute(fixture.createWorkflow(steps));
      // A failed run is undone like any other: a and c were completed and reversible.
      assert.equal(result.status, "rolled_back");
      testCase.assertStepStatus(result, "lint", "failed");
      testCase.assertStepStatus(result, "after_lint", "not_run");
      testCase.assertStepStatus(result, "publish", "not_run");
      assert.equal(
        result.error,
        '2 steps never ran: "after_lint" (it needs "lint", which failed), "publish" (it needs "after_lint", which never ran)',
      );
      assert.deepEqual([...result.rolledBackSteps].sort(), ["a", "c"]);
      // Rolled-back steps are not counted as succeeded.
      assert.equal(result.successRate, 0);
    });

    it("without rollback_on_failure the run ends failed, its work left in place", async () => {
      const steps = [
        step("a"),
        step("lint", { shouldFail: true, continueOnError: true }),
        step("after_lint", { needs: ["lint"] }),
      ];
      const workflow = fixture.createWorkflow(steps, { rollbackOnFailure: false });
      const result = await fixture.execute(workflow);
      assert.equal(result.status, "failed");
      assert.match(result.error!, /"after_lint" \(it needs "lint", which failed\)/);
      assert.equal(steps[0]!.rollbacks.length, 0);
      assert.equal(result.successRate, 1 / 3);
    });
  });
});

/** A reversible step that waits `ms` without looking at its signal, as careless code does. */
class SignalIgnoringStep extends BaseWorkflowStep {
  constructor(
    id: string,
    private readonly ms: number,
  ) {
    super(id, "", { reversible: true });
  }

  /** Set as it starts, so a test can cancel while it runs. */
  started = false;

  override async execute(): Promise<StepResult> {
    this.started = true;
    await sleep(this.ms);
    return this.success();
  }

  override async rollback(): Promise<void> {}
}

/**
 * A step that waits with Node's signal-aware timer, as idiomatic code does: when its
 * signal aborts, it rejects with the platform's AbortError, not the signal's reason.
 */
class AbortErrorStep extends BaseWorkflowStep {
  constructor(id: string, timeoutMs: number) {
    super(id, "", { timeoutMs });
  }

  override async execute(_context: WorkflowContext, execution: StepExecution): Promise<StepResult> {
    await sleep(10_000, undefined, { signal: execution.signal });
    return this.success();
  }
}
