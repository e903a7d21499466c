/**
 * `context.cancel(reason)` takes any reason; one given as text
 * (`cancel("window closed")`) was dropped from the run's error — `the run
 * was cancelled` — while an Error's message was kept and the cancelled
 * step's error had the text. The run's error says it now, either way.
 */
import assert from "node:assert/strict";
import {
  TestWorkflowStep,
  WorkflowContext,
  WorkflowDefinition,
  WorkflowEngine,
  WorkflowStatus,
} from "../../src/index";
import { useTempDir } from "../support/temp-dir";

describe("the reason a run was cancelled with", () => {
  const temp = useTempDir("momoflow-cancel-reason-");

  for (const reason of ["window closed", new Error("window closed")]) {
    it(`is in the run's error, given ${typeof reason === "string" ? "as text" : "as an Error"}`, async () => {
      const slow = new TestWorkflowStep("slow", { durationMs: 60_000 });
      slow.execute = ((execute) => (context, execution) => {
        context.cancel(reason);
        return execute(context, execution);
      })(slow.execute.bind(slow));
      const result = await new WorkflowEngine().executeWorkflow(
        new WorkflowDefinition({ id: "w", steps: [slow] }),
        new WorkflowContext({ workingDirectory: temp() }),
      );
      assert.equal(result.status, WorkflowStatus.CANCELLED);
      assert.equal(result.error, "the run was cancelled (window closed)");
    });
  }
});
