import assert from "node:assert/strict";
import type { StepView } from "../src/webview/protocol";
import { timelineRows } from "../webview/timeline-rows";

const view = (
  id: string,
  status: StepView["status"],
  startMs: number,
  endMs: number,
): StepView => ({
  id,
  needs: [],
  reversible: true,
  status,
  attempts: 1,
  startMs,
  endMs,
  durationMs: endMs - startMs,
});

describe("the Run tab's timeline rows", () => {
  it("puts a fan-out's instances on one row, spanning them, coloured by the most urgent", () => {
    const rows = timelineRows([
      view("seed", "success", 0, 1),
      view("convert[0]", "success", 1, 5),
      view("release/bump", "success", 2, 3),
      view("convert[1]", "failed", 2, 9),
      view("convert[1]/inner", "success", 3, 4),
      view("done", "not_run", 9, 9),
    ]);
    assert.deepEqual(
      rows.map((r) => [r.id, r.group, r.steps.length, r.status, r.startMs, r.endMs]),
      [
        ["seed", false, 1, "success", 0, 1],
        ["convert", true, 3, "failed", 1, 9],
        // A called workflow's step keeps its own row.
        ["release/bump", false, 1, "success", 2, 3],
        ["done", false, 1, "not_run", 9, 9],
      ],
    );
  });

  it("draws the fan-out's own record (no attempt, spanning its instances) on its instances' row, not on a row of its own", () => {
    // The order of result.json after sorting by start: the fan-out's record starts first.
    const record = { ...view("convert", "failed", 1, 9), attempts: 0 };
    const rows = timelineRows([
      view("seed", "success", 0, 1),
      record,
      view("convert[0]", "success", 1, 5),
      view("convert[1]", "failed", 2, 9),
      view("done", "not_run", 9, 9),
    ]);
    assert.deepEqual(
      rows.map((r) => [r.id, r.group, r.steps.map((s) => s.id), r.status, r.startMs, r.endMs]),
      [
        ["seed", false, ["seed"], "success", 0, 1],
        ["convert", true, ["convert[0]", "convert[1]"], "failed", 1, 9],
        ["done", false, ["done"], "not_run", 9, 9],
      ],
    );
  });

  it("keeps the row of a fan-out that had no instance (its list was empty): its own record", () => {
    const rows = timelineRows([{ ...view("convert", "skipped", 1, 1), attempts: 0 }]);
    assert.deepEqual(
      rows.map((r) => [r.id, r.group, r.steps.length, r.status]),
      [["convert", false, 1, "skipped"]],
    );
  });

  it("makes 1,000 instances one row", () => {
    const steps = Array.from({ length: 1000 }, (_, i) => view(`many[${i}]`, "success", i, i + 1));
    const rows = timelineRows(steps);
    assert.equal(rows.length, 1);
    assert.deepEqual([rows[0]!.startMs, rows[0]!.endMs, rows[0]!.steps.length], [0, 1000, 1000]);
  });
});
