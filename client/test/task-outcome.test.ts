import assert from "node:assert/strict";
import type { RunSummary } from "../src/run-records/run-history";
import { runOfTask, taskOutcome, type EndedRunTask } from "../src/run/task-outcome";

const run = (runId: string, startTime: number, extra: Partial<RunSummary> = {}): RunSummary => ({
  runId,
  dir: `/ws/.momoflow/runs/${runId}`,
  workflowId: "deploy",
  source: "/ws/a.momoflow",
  startTime,
  ...extra,
});

describe("what a run or rollback task did", () => {
  const runs = [
    run("r1", 1000, { status: "success" }),
    run("r2", 2000, { status: "failed", workflowId: "other" }),
    run("r3", 3000, { status: "success", source: "/ws/b.momoflow" }),
  ];
  const task = (overrides: Partial<EndedRunTask> = {}): EndedRunTask => ({
    action: "run",
    source: "/ws/a.momoflow",
    workflow: "deploy",
    startedAt: 5000,
    exitCode: 0,
    ...overrides,
  });

  it("finds the run a run task recorded: its workflow and file, started after the task", () => {
    assert.equal(runOfTask([...runs, run("r4", 5100)], task())?.runId, "r4");
    assert.equal(runOfTask(runs, task()), undefined, "r1 is older than the task: the CLI refused");
    assert.equal(runOfTask(runs, task({ startedAt: 1000 }))?.runId, "r1");
    assert.equal(runOfTask(runs, task({ workflow: undefined, startedAt: 0 }))?.runId, "r2");
  });

  it("finds the run a rollback task concerned: the latest of the workflow, however old", () => {
    assert.equal(runOfTask(runs, task({ action: "rollback" }))?.runId, "r1");
    assert.equal(
      runOfTask(runs, task({ action: "rollback", source: "/ws/c.momoflow" })),
      undefined,
    );
  });

  it("reads the status from result.json, else from the exit code", () => {
    const r = run("r4", 5100);
    assert.deepEqual(
      taskOutcome(task(), r, { status: "rolled_back", metrics: { durationMs: 12 } }),
      {
        status: "rolled_back",
        run: r,
        durationMs: 12,
      },
    );
    assert.equal(
      taskOutcome(task({ action: "rollback" }), r, {
        status: "rolled_back",
        metrics: { durationMs: 12 },
      }).durationMs,
      undefined,
      "a rollback's record holds the run's duration, not the rollback's",
    );
    assert.equal(taskOutcome(task({ exitCode: 130 }), r, undefined).status, "cancelled");
    assert.equal(taskOutcome(task({ exitCode: undefined }), r, undefined).status, "failed");
    assert.equal(
      taskOutcome(task({ action: "rollback", exitCode: 0 }), r, undefined).status,
      "rolled_back",
    );
    assert.equal(
      taskOutcome(task({ action: "rollback", exitCode: 1 }), r, undefined).status,
      "failed",
    );
  });

  it("says nothing ran, and why, for a run the CLI refused: no record, never a failed run", () => {
    assert.deepEqual(
      taskOutcome(task({ exitCode: 2, fileHasErrors: true }), undefined, undefined),
      {
        status: "not_run",
        reason: "the file has errors",
        run: undefined,
        durationMs: undefined,
      },
    );
    assert.deepEqual(
      taskOutcome(task({ exitCode: 2, fileHasErrors: false }), undefined, undefined),
      {
        status: "not_run",
        reason: "the command refused its input (its terminal says why)",
        run: undefined,
        durationMs: undefined,
      },
    );
    // A rollback refused (no run to undo) undid nothing, whatever the run it found ended as.
    assert.equal(
      taskOutcome(task({ action: "rollback", exitCode: 2 }), undefined, undefined).status,
      "not_run",
    );
    const r = run("r1", 1000, { status: "failed" });
    assert.equal(
      taskOutcome(task({ action: "rollback", exitCode: 2 }), r, { status: "failed" }).status,
      "not_run",
    );
    assert.equal(taskOutcome(task({ exitCode: 130 }), undefined, undefined).status, "cancelled");
  });
});
