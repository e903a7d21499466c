import assert from "node:assert/strict";
import { processWarm } from "../../src/runtime/process-warmth";
import { WorkflowContext } from "../../src/runtime/context";
import { WorkflowEngine } from "../../src/runtime/engine";
import { noopSteps } from "../../src/bench/noop-steps";

describe("process warmth", () => {
  it("is reached once a run has finished in the process", async () => {
    await new WorkflowEngine().executeWorkflow(
      { id: "w", steps: noopSteps(2) },
      new WorkflowContext({ env: {} }),
      { journal: false },
    );
    assert.equal(processWarm(), true);
  });
});
