import assert from "node:assert/strict";
import { keepsShownRun, type ShownLastRun } from "../src/last-run-report";

const taskRun: ShownLastRun = {
  status: "success",
  detail: { workflow: "alone", action: "run", runId: "alone-2", startedAt: 2_000 },
};

describe("which report of a run the status bar keeps", () => {
  it("a task's report always replaces what is shown", () => {
    assert.equal(
      keepsShownRun(taskRun, "running", { workflow: "next", action: "run", startedAt: 1_000 }),
      false,
    );
  });

  it("a record seen late, of a run that started before the run shown, leaves the run shown", () => {
    const late = { workflow: "echo_back", runId: "echo_back-1", startedAt: 1_500 };
    assert.equal(keepsShownRun(taskRun, "success", late), true);
    assert.equal(
      keepsShownRun({ status: "running", detail: taskRun.detail }, "success", late),
      true,
    );
  });

  it("a record of a run that started after the run shown replaces it (a run from a terminal)", () => {
    const newer = { workflow: "other", runId: "other-1", startedAt: 2_500 };
    assert.equal(keepsShownRun(taskRun, "failed", newer), false);
  });

  it("the record of the task's own run keeps the task's report when it says the same", () => {
    const own = { workflow: "alone", runId: "alone-2", startedAt: 2_100 };
    assert.equal(keepsShownRun(taskRun, "success", own), true);
    assert.equal(keepsShownRun(taskRun, "rolled_back", own), false, "a newer outcome is shown");
  });

  it("a record without a start time, or nothing shown, is shown", () => {
    assert.equal(keepsShownRun(taskRun, "success", { runId: "x" }), false);
    assert.equal(keepsShownRun(undefined, "success", { runId: "x", startedAt: 1 }), false);
  });
});
