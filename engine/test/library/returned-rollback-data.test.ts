/**
 * A step that `remember()`s what its undo needs before its effect, then
 * returns fuller rollback data with its success (`this.success({ rollbackData })`,
 * the step's last word): its `rollback()` was given the remembered data —
 * while the run's result, result.json and the journal's outcome held the
 * returned one — so it undid with stale data. The returned data replaces
 * the remembered one, as a later `remember()` would: the live rollback and
 * `rollbackRun` get it alike.
 */
import assert from "node:assert/strict";
import {
  BaseWorkflowStep,
  TestWorkflowStep,
  WorkflowContext,
  WorkflowDefinition,
  WorkflowEngine,
  rollbackRun,
  type StepExecution,
  type StepResult,
} from "../../src/index";
import { useTempDir } from "../support/temp-dir";

/** Remembers `{ attempt }`, fails its first `failing` attempts, then returns `{ attempt, made }`. */
class RemembersThenReturns extends BaseWorkflowStep {
  readonly undone: unknown[] = [];
  constructor(private readonly failing: number) {
    super("make", "make something", { reversible: true, retries: 1, retryDelayMs: 1 });
  }
  async execute(_context: WorkflowContext, execution: StepExecution): Promise<StepResult> {
    execution.remember({ attempt: execution.attempt });
    if (execution.attempt <= this.failing) throw new Error(`attempt ${execution.attempt} failed`);
    return this.success({ rollbackData: { attempt: execution.attempt, made: "made.txt" } });
  }
  override async rollback(_context: WorkflowContext, result: StepResult): Promise<void> {
    this.undone.push(result.rollbackData);
  }
}

describe("rollback data a step returns after it remembered some", () => {
  const temp = useTempDir("momoflow-returned-data-");

  function definition(step: RemembersThenReturns): WorkflowDefinition {
    const later = new TestWorkflowStep("later", { needs: ["make"], shouldFail: true });
    return new WorkflowDefinition({ id: "w", steps: [step, later] });
  }

  it("is what the live rollback gives the step's rollback()", async () => {
    const step = new RemembersThenReturns(0);
    const result = await new WorkflowEngine().executeWorkflow(
      definition(step),
      new WorkflowContext({ workingDirectory: temp() }),
    );
    assert.equal(result.status, "rolled_back");
    assert.deepEqual(step.undone, [{ attempt: 1, made: "made.txt" }]);
  });

  it("is what rollbackRun gives it; an earlier failed attempt keeps its own remembered data", async () => {
    const step = new RemembersThenReturns(1);
    const def = definition(step);
    const result = await new WorkflowEngine().executeWorkflow(
      new WorkflowDefinition({ ...def, rollbackOnFailure: false }),
      new WorkflowContext({ workingDirectory: temp() }),
    );
    assert.equal(result.status, "failed");
    assert.deepEqual(step.undone, []);
    const report = await rollbackRun(result.runDir!, { definition: def });
    assert.equal(report.status, "rolled_back");
    assert.deepEqual(step.undone, [{ attempt: 2, made: "made.txt" }, { attempt: 1 }]);
  });
});
