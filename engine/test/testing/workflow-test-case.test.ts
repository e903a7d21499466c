import assert from "node:assert/strict";
import type { WorkflowResult } from "../../src/runtime/result";
import { CommandStep } from "../../src/commands/command-step";
import {
  MockCommand,
  TestWorkflowStep,
  WorkflowAssertionError,
  WorkflowTestCase,
  WorkflowTestFixture,
} from "../../src/testing";

describe("WorkflowTestCase", () => {
  let fixture: WorkflowTestFixture;
  let testCase: WorkflowTestCase;
  let succeeded: WorkflowResult;
  /** build succeeds, publish fails, notify never runs; build is rolled back. */
  let rolledBack: WorkflowResult;

  before(async () => {
    fixture = new WorkflowTestFixture();
    testCase = new WorkflowTestCase(fixture);
    succeeded = await fixture.execute(
      fixture.createWorkflow([new TestWorkflowStep("a"), new TestWorkflowStep("b")], { id: "ok" }),
    );
    rolledBack = await fixture.execute(
      fixture.createWorkflow(
        [
          new TestWorkflowStep("build"),
          new TestWorkflowStep("publish", { shouldFail: true, failMessage: "registry refused" }),
          new TestWorkflowStep("notify"),
        ],
        { id: "release" },
      ),
    );
  });
  after(() => fixture.cleanup());

  /** Asserts `fn` throws a WorkflowAssertionError with `message`, `expected` and `actual`. */
  function assertFails(
    fn: () => void,
    message: string | RegExp,
    expected?: unknown,
    actual?: unknown,
  ): void {
    assert.throws(fn, (error: unknown) => {
      assert.ok(error instanceof WorkflowAssertionError, `not a WorkflowAssertionError: ${error}`);
      assert.equal(error.name, "AssertionError");
      assert.equal(error.code, "ERR_ASSERTION");
      if (typeof message === "string") assert.equal(error.message, message);
      else assert.match(error.message, message);
      if (expected !== undefined) assert.deepEqual(error.expected, expected);
      if (actual !== undefined) assert.deepEqual(error.actual, actual);
      return true;
    });
  }

  it("is usable without a fixture", () => {
    const standalone = new WorkflowTestCase();
    assert.equal(standalone.fixture, undefined);
    standalone.assertWorkflowSuccess(succeeded);
  });

  describe("assertWorkflowSuccess", () => {
    it("passes for a successful run", () => {
      testCase.assertWorkflowSuccess(succeeded);
    });

    it("names the status and the first failure", () => {
      assertFails(
        () => testCase.assertWorkflowSuccess(rolledBack),
        'expected workflow "release" to succeed, but it was rolled_back (error: step "publish" failed: registry refused)',
        "success",
        "rolled_back",
      );
    });

    it("names a step that failed even when the run succeeded (continue_on_error)", async () => {
      const result = await fixture.execute(
        fixture.createWorkflow(
          [
            new TestWorkflowStep("lint", {
              shouldFail: true,
              continueOnError: true,
              failMessage: "3 warnings",
            }),
          ],
          { id: "tolerant" },
        ),
      );
      assert.equal(result.status, "success");
      assertFails(
        () => testCase.assertWorkflowSuccess(result),
        'expected every step of workflow "tolerant" to succeed, but step "lint" was failed (error: 3 warnings)',
        "success",
        "failed",
      );
    });
  });

  describe("assertWorkflowFailure", () => {
    it("passes for a failed run, and checks the failed step", () => {
      testCase.assertWorkflowFailure(rolledBack);
      testCase.assertWorkflowFailure(rolledBack, "publish");
    });

    it("says a successful run did not fail", () => {
      assertFails(
        () => testCase.assertWorkflowFailure(succeeded),
        'expected workflow "ok" to fail (failed, rolled_back, partially_rolled_back), but it was success',
      );
    });

    it("passes for a step that failed half-done and was undone (a failing MockCommand)", async () => {
      const mock = fixture.registerMockCommand(
        new MockCommand("push", { error: "refused", undo: true }),
      );
      const push = new CommandStep("push", "push", {}, { registry: fixture.commandRegistry });
      const result = await fixture.execute(fixture.createWorkflow([push], { id: "half" }));
      assert.equal(result.stepResults[0]!.status, "rolled_back", "it remembered, so it is undone");
      testCase.assertWorkflowFailure(result, "push");
      mock.options.rollbackError = "undo broke";
      const partial = await fixture.execute(fixture.createWorkflow([push], { id: "half" }));
      assert.equal(partial.stepResults[0]!.status, "rollback_failed");
      testCase.assertWorkflowFailure(partial, "push");
    });

    it("names the step that was expected to fail", () => {
      assertFails(
        () => testCase.assertWorkflowFailure(rolledBack, "build"),
        'expected step "build" to be failed, but it was rolled_back',
        "failed",
        "rolled_back",
      );
    });
  });

  describe("assertStepRollback", () => {
    it("passes for a rolled-back step", () => {
      testCase.assertStepRollback(rolledBack, "build");
    });

    it("names the step, its status and its error", () => {
      assertFails(
        () => testCase.assertStepRollback(rolledBack, "publish"),
        'expected step "publish" to be rolled_back, but it was failed (error: registry refused)',
        "rolled_back",
        "failed",
      );
      assertFails(
        () => testCase.assertStepRollback(succeeded, "a"),
        'expected step "a" to be rolled_back, but it was success',
      );
    });

    it("lists the steps when the id is unknown", () => {
      assertFails(
        () => testCase.assertStepRollback(rolledBack, "deploy"),
        'expected a step "deploy" in the result of workflow "release", but it has none (steps: build, publish, notify)',
      );
    });
  });

  describe("assertStepStatus", () => {
    it("passes for the right status and names the wrong one", () => {
      testCase.assertStepStatus(rolledBack, "notify", "not_run");
      assertFails(
        () => testCase.assertStepStatus(rolledBack, "notify", "success"),
        'expected step "notify" to be success, but it was not_run',
        "success",
        "not_run",
      );
    });
  });

  describe("assertPerformanceBounds", () => {
    it("passes within the bounds", () => {
      testCase.assertPerformanceBounds(succeeded, {});
      testCase.assertPerformanceBounds(succeeded, {
        maxDurationMs: 5000,
        maxMemoryBytes: 64 * 2 ** 30,
      });
    });

    it("says how long the run took", () => {
      assertFails(
        () => testCase.assertPerformanceBounds(succeeded, { maxDurationMs: 0 }),
        /^expected workflow "ok" to take at most 0s, but it took [\d.]+ (ms|s)$/,
        0,
        succeeded.metrics.durationMs,
      );
    });

    it("says how much memory the run peaked at", () => {
      assertFails(
        () => testCase.assertPerformanceBounds(succeeded, { maxMemoryBytes: 1024 }),
        /^expected workflow "ok" to peak at most at 1024 bytes \(0\.0 MiB\), but it peaked at \d+ bytes \(\d+\.\d MiB\)$/,
        1024,
        succeeded.metrics.peakMemoryBytes,
      );
    });
  });

  describe("file assertions", () => {
    it("resolve relative paths in the fixture", () => {
      fixture.writeFile("present.txt", "x");
      testCase.assertFileExists("present.txt");
      testCase.assertFileAbsent("absent.txt");
      assertFails(
        () => testCase.assertFileExists("absent.txt"),
        `expected "${fixture.path("absent.txt")}" to exist, but it does not`,
      );
      assertFails(
        () => testCase.assertFileAbsent("present.txt"),
        `expected "${fixture.path("present.txt")}" not to exist, but it does`,
      );
    });
  });

  it("gives mocha what it needs to show a diff", () => {
    const error = new WorkflowAssertionError("m", { expected: "a", actual: "b" });
    assert.equal(error.showDiff, true);
    assert.ok(error instanceof Error);
    assert.equal(
      new WorkflowAssertionError("m", { expected: 1, actual: 2, showDiff: false }).showDiff,
      false,
    );
  });
});
