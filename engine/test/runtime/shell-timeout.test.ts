import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CommandStep, WorkflowContext, WorkflowDefinition, WorkflowEngine } from "../../src/index";
import { expectDead } from "../support/process-liveness";
import { useTempDir } from "../support/temp-dir";

describe("a step timeout through the engine", () => {
  const tmp = useTempDir("momoflow-timeout-");

  it("ends the shell action and its children, fails the step as timed out, and rolls back", async () => {
    const definition = new WorkflowDefinition({
      id: "slow",
      steps: [
        new CommandStep("marker", "create_file", { path: "marker.txt", content: "x" }),
        new CommandStep(
          "wait",
          "sh",
          {
            script: "sleep 30 & echo $! > pids; sleep 30 & echo $! >> pids; echo $$ >> pids; wait",
          },
          // Long enough for the shell to start both sleeps and write their pids on a loaded machine.
          { needs: ["marker"], timeoutMs: 3_000 },
        ),
      ],
    });
    const result = await new WorkflowEngine().executeWorkflow(
      definition,
      new WorkflowContext({ workingDirectory: tmp() }),
    );
    assert.equal(result.status, "rolled_back");
    const wait = result.stepResults[1]!;
    assert.equal(wait.status, "failed");
    assert.match(wait.error ?? "", /timed out after 3s/);
    assert.ok(wait.metrics.durationMs < 10_000, `the step ran ${wait.metrics.durationMs} ms`);
    const pids = readFileSync(join(tmp(), "pids"), "utf8").trim().split("\n").map(Number);
    assert.equal(pids.length, 3);
    await expectDead(pids);
    assert.deepEqual(result.rolledBackSteps, ["marker"]);
  });
});
