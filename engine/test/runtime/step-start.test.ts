import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WorkflowContext } from "../../src/runtime/context";
import { WorkflowEngine } from "../../src/runtime/engine";
import { emptyMetrics } from "../../src/runtime/metrics";
import { StepStatus } from "../../src/runtime/status";
import type { StepResult, WorkflowStep } from "../../src/runtime/step";

/**
 * A step whose action gives `act()` as it is: a result, a promise, a thenable,
 * or a throw. The run goes on after its failure, so every kind is seen.
 */
function step(id: string, act: () => unknown, needs?: string[]): WorkflowStep {
  return {
    id,
    description: "",
    reversible: false,
    continueOnError: true,
    ...(needs ? { needs } : {}),
    execute: act as WorkflowStep["execute"],
  };
}

function ok(id: string): StepResult {
  return { stepId: id, status: StepStatus.SUCCESS, metrics: emptyMetrics(0), attempts: 1 };
}

describe("starting a step: whatever its action gives, one outcome, recorded", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "momoflow-step-start-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function run(steps: WorkflowStep[], concurrency = 1) {
    const result = await new WorkflowEngine().executeWorkflow(
      { id: "w", steps, concurrency },
      new WorkflowContext({ workingDirectory: dir, env: {} }),
    );
    const journal = readFileSync(join(result.runDir!, "journal.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { type: string; step?: string; status?: string });
    return { result, journal };
  }

  for (const concurrency of [1, 3]) {
    it(`a result, a promise, a thenable, a sync throw and a rejection (concurrency ${concurrency})`, async () => {
      const order: string[] = [];
      const { result, journal } = await run(
        [
          step("sync", () => (order.push("sync"), ok("sync"))),
          step("async", async () => (order.push("async"), ok("async")), ["sync"]),
          step(
            "thenable",
            () => ({
              then(resolve: (r: StepResult) => void) {
                order.push("thenable");
                resolve(ok("thenable"));
              },
            }),
            ["async"],
          ),
          step("throws", () => {
            throw new Error("thrown at once");
          }),
          step("rejects", () => Promise.reject(new Error("rejected later"))),
          step("returns nothing", () => undefined),
        ],
        concurrency,
      );
      const status = Object.fromEntries(result.stepResults.map((r) => [r.stepId, r.status]));
      assert.deepEqual(status, {
        sync: "success",
        async: "success",
        thenable: "success",
        throws: "failed",
        rejects: "failed",
        "returns nothing": "failed",
      });
      assert.deepEqual(order, ["sync", "async", "thenable"]);
      const errors = Object.fromEntries(result.stepResults.map((r) => [r.stepId, r.error]));
      assert.equal(errors.throws, "thrown at once");
      assert.equal(errors.rejects, "rejected later");
      assert.match(errors["returns nothing"]!, /undefined|status/);
      // Each step's intent before its outcome, one of each.
      for (const id of Object.keys(status)) {
        const kinds = journal.filter((e) => e.step === id).map((e) => e.type);
        assert.deepEqual(kinds, ["step_started", "step_finished"], id);
      }
    });
  }

  it("a chain of steps that end at once runs each after the one before, in order", async () => {
    const seen: string[] = [];
    const steps: WorkflowStep[] = [];
    for (let i = 0; i < 50; i++)
      steps.push(step(`s${i}`, () => (seen.push(`s${i}`), ok(`s${i}`)), i ? [`s${i - 1}`] : []));
    const { result } = await run(steps);
    assert.equal(result.status, "success", result.error);
    assert.deepEqual(
      seen,
      steps.map((s) => s.id),
    );
    for (const r of result.stepResults)
      assert.ok(r.metrics.durationMs >= 0 && r.metrics.endTime > 0);
  });
});
