import assert from "node:assert/strict";
import {
  TestWorkflowStep,
  WorkflowTestCase,
  WorkflowTestFixture,
  type TestStepRollbackData,
} from "../../src/testing";

describe("TestWorkflowStep", () => {
  let fixture: WorkflowTestFixture;
  let testCase: WorkflowTestCase;
  beforeEach(() => {
    fixture = new WorkflowTestFixture();
    testCase = new WorkflowTestCase(fixture);
  });
  afterEach(() => fixture.cleanup());

  it("is reversible by default and takes the scheduling options", () => {
    const step = new TestWorkflowStep("s", { needs: ["r"], retries: 2, timeoutMs: 10 });
    assert.equal(step.reversible, true);
    assert.equal(step.description, "Test step: s");
    assert.deepEqual(step.needs, ["r"]);
    assert.equal(step.retries, 2);
    assert.equal(step.timeoutMs, 10);
    assert.equal(new TestWorkflowStep("t", { reversible: false }).reversible, false);
  });

  it("records each execution with its timing and returns its output", async () => {
    const step = new TestWorkflowStep("wait", { durationMs: 30, output: { n: 1 } });
    const result = await fixture.execute(fixture.createWorkflow([step]), { journal: false });
    testCase.assertWorkflowSuccess(result);
    assert.deepEqual(result.stepResults[0]!.output, { n: 1 });
    assert.equal(step.executed, true);
    assert.equal(step.executions.length, 1);
    const [run] = step.executions;
    assert.equal(run!.attempt, 1);
    assert.equal(run!.outcome, "success");
    assert.ok(run!.end - run!.start >= 25, `took ${run!.end - run!.start} ms`);
    assert.equal(step.rollbacks.length, 0);
    assert.equal(step.rolledBack, false);
  });

  it("fails with its message", async () => {
    const step = new TestWorkflowStep("boom", { shouldFail: true, failMessage: "disk full" });
    const result = await fixture.execute(fixture.createWorkflow([step]), { journal: false });
    testCase.assertWorkflowFailure(result, "boom");
    assert.equal(result.stepResults[0]!.error, "disk full");
    assert.equal(step.executions[0]!.outcome, "failed");
    const other = new TestWorkflowStep("x", { shouldFail: true });
    const second = await fixture.execute(fixture.createWorkflow([other]), { journal: false });
    assert.equal(second.stepResults[0]!.error, 'intentional failure in test step "x"');
  });

  it("writes its artifacts, records them as rollback data, and removes them on rollback", async () => {
    const writer = new TestWorkflowStep("writer", { artifacts: ["out/a.txt", "b.txt"] });
    const failing = new TestWorkflowStep("failing", { shouldFail: true });
    const result = await fixture.execute(fixture.createWorkflow([writer, failing]));
    testCase.assertStepRollback(result, "writer");
    const data = writer.rollbacks[0]!.rollbackData as TestStepRollbackData;
    assert.deepEqual(data, {
      stepId: "writer",
      attempt: 1,
      artifacts: [fixture.path("out/a.txt"), fixture.path("b.txt")],
    });
    testCase.assertFileAbsent("out/a.txt");
    testCase.assertFileAbsent("b.txt");
    assert.equal(writer.rolledBack, true);
  });

  it("keeps its artifacts when the run succeeds", async () => {
    const writer = new TestWorkflowStep("writer", { artifacts: ["kept.txt"] });
    await fixture.execute(fixture.createWorkflow([writer]));
    assert.equal(fixture.readFile("kept.txt"), "test artifact from writer\n");
  });

  it("leaves its artifacts when its rollback fails", async () => {
    const writer = new TestWorkflowStep("writer", {
      artifacts: ["stays.txt"],
      rollbackShouldFail: true,
    });
    const result = await fixture.execute(
      fixture.createWorkflow([writer, new TestWorkflowStep("f", { shouldFail: true })]),
    );
    testCase.assertStepStatus(result, "writer", "rollback_failed");
    assert.match(
      result.stepResults[0]!.error!,
      /intentional rollback failure in test step "writer"/,
    );
    testCase.assertFileExists("stays.txt");
    assert.equal(writer.rollbacks[0]!.outcome, "failed");
    assert.equal(writer.rolledBack, false);
  });

  it("stops waiting as soon as its attempt is aborted (timeout)", async () => {
    const slow = new TestWorkflowStep("slow", { durationMs: 10_000, timeoutMs: 30 });
    const result = await fixture.execute(fixture.createWorkflow([slow]), { journal: false });
    testCase.assertWorkflowFailure(result, "slow");
    assert.equal(result.stepResults[0]!.error, "timed out after 30ms");
    // The step would take 10 s; a loaded machine's delays stay far below 5.
    assert.ok(result.metrics.durationMs < 5000, `took ${result.metrics.durationMs} ms`);
    assert.equal(slow.executions[0]!.outcome, "aborted");
  });

  it("refuses to roll back when it is irreversible", async () => {
    const step = new TestWorkflowStep("once", { reversible: false });
    await assert.rejects(
      step.rollback(fixture.createContext(), {
        stepId: "once",
        status: "success",
        attempts: 1,
        metrics: {
          startTime: 0,
          endTime: 0,
          durationMs: 0,
          cpuUserMs: 0,
          cpuSystemMs: 0,
          peakMemoryBytes: 0,
        },
      }),
      /step "once" is not reversible/,
    );
  });
});
