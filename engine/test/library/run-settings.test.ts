/**
 * A step's or workflow's numeric settings that no run can honour — computed
 * or untyped values (`NaN`, `"100"`, `-5`, `1.5`) — ran anyway: a step
 * failed `timed out after NaNms` or `after -5ms` at once, `retries: NaN`
 * failed a step that never ran as `cancelled before the retry`, `retries:
 * 1.5` made three attempts. validate() reports them now, as the language
 * refuses a zero `timeout`, and executeWorkflow runs nothing.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import {
  TestWorkflowStep,
  WorkflowContext,
  WorkflowDefinition,
  WorkflowEngine,
  WorkflowValidationError,
  type TestWorkflowStepOptions,
} from "../../src/index";
import { useTempDir } from "../support/temp-dir";

describe("settings no run can honour", () => {
  const temp = useTempDir("momoflow-settings-");

  /** The messages validate() gives for a one-step workflow with `options`. */
  function problemsOf(options: Record<string, unknown>, workflow: Record<string, unknown> = {}) {
    const step = new TestWorkflowStep("a", options as TestWorkflowStepOptions);
    return new WorkflowDefinition({ id: "w", steps: [step], ...workflow })
      .validate()
      .map((p) => `${p.code} ${p.stepId ?? "-"}: ${p.message}`);
  }

  it("validate() names each one, with what it must be and what it got", () => {
    assert.deepEqual(problemsOf({ timeoutMs: Number.NaN }), [
      'invalid_option a: step "a": timeoutMs must be a positive number of milliseconds, got NaN',
    ]);
    assert.deepEqual(problemsOf({ timeoutMs: 0, rollbackTimeoutMs: "100" }), [
      'invalid_option a: step "a": timeoutMs must be a positive number of milliseconds, got 0',
      'invalid_option a: step "a": rollbackTimeoutMs must be a positive number of milliseconds, got "100"',
    ]);
    for (const retries of [-1, 1.5, Number.NaN, "2"]) {
      assert.deepEqual(problemsOf({ retries }), [
        `invalid_option a: step "a": retries must be a whole number of at least 0, got ${typeof retries === "string" ? `"${retries}"` : retries}`,
      ]);
    }
    assert.deepEqual(problemsOf({ retryDelayMs: -100 }), [
      'invalid_option a: step "a": retryDelayMs must be a number of milliseconds, 0 or more, got -100',
    ]);
    assert.deepEqual(problemsOf({}, { timeoutMs: -1 }), [
      'invalid_option -: workflow "w": timeoutMs must be a positive number of milliseconds, got -1',
    ]);
  });

  it("keeps what a run honours: no setting, 0 retries or delay, a deadline of any length", () => {
    assert.deepEqual(problemsOf({}), []);
    assert.deepEqual(problemsOf({ retries: 0, retryDelayMs: 0, timeoutMs: 1 }), []);
    assert.deepEqual(
      problemsOf({ timeoutMs: Number.POSITIVE_INFINITY, rollbackTimeoutMs: 2 ** 40 }),
      [],
    );
    assert.deepEqual(problemsOf({}, { timeoutMs: 30_000 }), []);
  });

  it("executeWorkflow runs nothing and says why", async () => {
    const step = new TestWorkflowStep("a", { timeoutMs: Number.NaN, artifacts: ["a.txt"] });
    await assert.rejects(
      new WorkflowEngine().executeWorkflow(
        new WorkflowDefinition({ id: "w", steps: [step] }),
        new WorkflowContext({ workingDirectory: temp() }),
      ),
      (error: Error) =>
        error instanceof WorkflowValidationError &&
        /step "a": timeoutMs must be a positive number of milliseconds, got NaN/.test(
          error.message,
        ),
    );
    assert.equal(step.executed, false);
    assert.equal(existsSync(join(temp(), "a.txt")), false);
  });
});
