import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { WorkflowContext } from "../../src/runtime/context";
import { WorkflowDefinition } from "../../src/runtime/definition";
import { WorkflowEngine } from "../../src/runtime/engine";
import { rollbackRun } from "../../src/runtime/rollback-run";
import { StepStatus } from "../../src/runtime/status";
import type { StepExecution, StepResult, WorkflowStep } from "../../src/runtime/step";
import type { StepOutputChunk } from "../../src/runtime/step-output";
import { emptyMetrics } from "../../src/runtime/metrics";
import { WorkflowTestFixture } from "../../src/testing/workflow-test-fixture";

/** A step that prints as it runs and as its `rollback()` undoes it, through the execution it is given. */
function talkativeStep(id: string, fails = false): WorkflowStep {
  return {
    id,
    description: "prints as it runs and as it is undone",
    reversible: true,
    execute: async (_context: WorkflowContext, execution?: StepExecution): Promise<StepResult> => {
      execution?.logger.info(`${id} ran`);
      return {
        stepId: id,
        status: fails ? StepStatus.FAILED : StepStatus.SUCCESS,
        metrics: emptyMetrics(),
        attempts: 1,
        ...(fails && { error: "failing on purpose" }),
      };
    },
    rollback: async (_context, _result, execution) => {
      execution?.logger.info(`undoing ${id}`);
      execution?.logger.warn("half of it was gone already");
    },
  };
}

describe("what a library step's rollback() prints", () => {
  it("reaches onOutput under the step's id and its log after `── rollback ──`, live and from the record", async () => {
    using fixture = new WorkflowTestFixture();
    const chunks: StepOutputChunk[] = [];
    const result = await new WorkflowEngine().executeWorkflow(
      { id: "talk", steps: [talkativeStep("a"), { ...talkativeStep("b", true), needs: ["a"] }] },
      new WorkflowContext({ workingDirectory: fixture.dir, env: {} }),
      { runsDir: join(fixture.dir, "runs"), onOutput: (chunk) => chunks.push(chunk) },
    );
    assert.equal(result.status, "rolled_back");
    const said = chunks.map((c) => `${c.step}: ${c.text}`);
    assert.deepStrictEqual(
      said.filter((s) => s.startsWith("a: ")),
      ["a: a ran\n", "a: undoing a\n", "a: warn: half of it was gone already\n"],
    );
    const log = join(result.runDir!, "logs", "a.log");
    const expected = "a ran\n── rollback ──\nundoing a\nwarn: half of it was gone already\n";
    assert.equal(readFileSync(log, "utf8"), expected);

    // Rolled back again from the record with the workflow: nothing is left to undo, nothing is added.
    const again: StepOutputChunk[] = [];
    await rollbackRun(result.runDir!, { onOutput: (chunk) => again.push(chunk) });
    assert.deepStrictEqual(again, []);
    assert.equal(readFileSync(log, "utf8"), expected);
  });

  it("reaches rollbackRun's onOutput and the log when a completed run is rolled back with its workflow", async () => {
    using fixture = new WorkflowTestFixture();
    const steps = [talkativeStep("a"), { ...talkativeStep("b"), needs: ["a"] }];
    const result = await new WorkflowEngine().executeWorkflow(
      { id: "talk", steps },
      new WorkflowContext({ workingDirectory: fixture.dir, env: {} }),
      { runsDir: join(fixture.dir, "runs") },
    );
    assert.equal(result.status, "success");
    const chunks: StepOutputChunk[] = [];
    const report = await rollbackRun(result.runDir!, {
      definition: new WorkflowDefinition({ id: "talk", steps }),
      onOutput: (chunk) => chunks.push(chunk),
    });
    assert.deepStrictEqual(report.rolledBack, ["b", "a"]);
    assert.deepStrictEqual(
      chunks.map((c) => `${c.step}: ${c.text}`),
      [
        "b: undoing b\n",
        "b: warn: half of it was gone already\n",
        "a: undoing a\n",
        "a: warn: half of it was gone already\n",
      ],
    );
    assert.equal(
      readFileSync(join(result.runDir!, "logs", "b.log"), "utf8"),
      "b ran\n── rollback ──\nundoing b\nwarn: half of it was gone already\n",
    );
  });
});
