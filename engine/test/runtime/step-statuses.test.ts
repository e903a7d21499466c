import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WorkflowContext } from "../../src/runtime/context";
import { WorkflowEngine } from "../../src/runtime/engine";
import { emptyMetrics } from "../../src/runtime/metrics";
import { StepStatus } from "../../src/runtime/status";
import { StepStatusTable } from "../../src/runtime/step-status-table";
import type { StepResult, WorkflowStep } from "../../src/runtime/step";

/** A step that reads, when it runs, the statuses of `watched` as its context says them. */
function reader(id: string, watched: string[], seen: Map<string, StepStatus[]>): WorkflowStep {
  return {
    id,
    description: "",
    reversible: false,
    execute: (context) => {
      seen.set(
        id,
        watched.map((w) => context.getStepStatus(w)),
      );
      return Promise.resolve(result(id, StepStatus.SUCCESS));
    },
  };
}

function result(id: string, status: StepStatus, error?: string): StepResult {
  return { stepId: id, status, metrics: emptyMetrics(0), attempts: 1, ...(error ? { error } : {}) };
}

describe("the statuses a run's steps and conditions read", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "momoflow-statuses-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("a table answers by id, before and after its index is built, and holes stay unknown", () => {
    const ids = ["a", "b", "c"];
    const table = new StepStatusTable(ids.length, (i) => ids[i]!);
    table.set(2, "c", StepStatus.FAILED);
    assert.equal(table.statusOf("c"), StepStatus.FAILED); // builds the index
    assert.equal(table.statusOf("a"), undefined);
    table.set(0, "a", StepStatus.SUCCESS); // after the index exists
    table.set(2, "c", StepStatus.ROLLED_BACK);
    assert.equal(table.statusOf("a"), StepStatus.SUCCESS);
    assert.equal(table.statusOf("c"), StepStatus.ROLLED_BACK);
    assert.equal(table.statusOf("b"), undefined);
  });

  it("a table made for fewer steps than end (fan-out instances come later) still answers by id", () => {
    const ids = ["group", "group[0]", "group[1]"];
    const table = new StepStatusTable(1, (i) => ids[i]!);
    table.set(2, "group[1]", StepStatus.SUCCESS);
    assert.equal(table.statusOf("group[1]"), StepStatus.SUCCESS);
    assert.equal(table.statusOf("group[0]"), undefined);
    table.set(1, "group[0]", StepStatus.FAILED); // after the index exists
    assert.equal(table.statusOf("group[0]"), StepStatus.FAILED);
  });

  it("a step sees how the steps before it ended, pending for those not ended, and a skipped one", async () => {
    const seen = new Map<string, StepStatus[]>();
    const context = new WorkflowContext({ workingDirectory: dir, env: {} });
    const steps: WorkflowStep[] = [
      reader("first", ["first", "skip", "last"], seen),
      { ...reader("skip", [], seen), when: () => false },
      {
        id: "broken",
        description: "",
        reversible: false,
        continueOnError: true,
        execute: () => Promise.resolve(result("broken", StepStatus.FAILED, "on purpose")),
      },
      reader("last", ["first", "skip", "broken", "last"], seen),
    ];
    const run = await new WorkflowEngine().executeWorkflow(
      { id: "w", steps, rollbackOnFailure: false },
      context,
      { journal: false },
    );
    assert.deepEqual(seen.get("first"), [
      StepStatus.PENDING,
      StepStatus.PENDING,
      StepStatus.PENDING,
    ]);
    assert.deepEqual(seen.get("last"), [
      StepStatus.SUCCESS,
      StepStatus.SKIPPED,
      StepStatus.FAILED,
      StepStatus.PENDING,
    ]);
    assert.equal(context.getStepStatus("last"), StepStatus.SUCCESS, "after the run");
    assert.equal(run.stepResults.length, 4);
  });

  it("a context run twice says the second run's statuses, and a status set by hand fills what the run has not", async () => {
    const context = new WorkflowContext({ workingDirectory: dir, env: {} });
    context.setStepStatus("elsewhere", StepStatus.SUCCESS);
    const engine = new WorkflowEngine();
    const failing: WorkflowStep = {
      id: "a",
      description: "",
      reversible: false,
      execute: () => Promise.resolve(result("a", StepStatus.FAILED, "first run fails")),
    };
    await engine.executeWorkflow({ id: "w", steps: [failing] }, context, { journal: false });
    assert.equal(context.getStepStatus("a"), StepStatus.FAILED);
    const seen = new Map<string, StepStatus[]>();
    await engine.executeWorkflow(
      { id: "w", steps: [reader("a", ["a", "elsewhere"], seen)] },
      context,
      { journal: false },
    );
    assert.deepEqual(seen.get("a"), [StepStatus.PENDING, StepStatus.SUCCESS]);
    assert.equal(context.getStepStatus("a"), StepStatus.SUCCESS);
  });
});
