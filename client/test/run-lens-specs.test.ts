import assert from "node:assert/strict";
import type { DocumentOutline, OutlineRange } from "../src/outline/document-outline";
import {
  unavailableReason,
  type RollbackAvailability,
} from "../src/run-records/rollback-availability";
import { resumeUnavailableReason } from "../src/run-records/resume-availability";
import type { RunSummary } from "../src/run-records/run-history";
import { runLensSpecs, type LensContext } from "../src/run/run-lens-specs";

const line = (n: number): OutlineRange => ({
  start: { line: n, character: 9 },
  end: { line: n, character: 15 },
});
const outline: DocumentOutline = {
  workflows: [
    { name: "deploy", nameRange: line(0), range: line(0), params: [], steps: [] },
    { name: "report", nameRange: line(10), range: line(10), params: [], steps: [] },
  ],
  tests: [
    {
      name: "deploy works",
      workflow: "deploy",
      nameRange: line(20),
      range: line(20),
      expectations: 1,
    },
  ],
};
const run: RunSummary = {
  runId: "r1",
  dir: "/ws/.momoflow/runs/r1",
  workflowId: "deploy",
  startTime: 0,
  status: "failed",
};

function context(overrides: Partial<LensContext> = {}): LensContext {
  return {
    uri: "file:///ws/a.momoflow",
    trusted: true,
    onDisk: true,
    runningKey: () => undefined,
    rollback: (w): RollbackAvailability =>
      w === "deploy" ? { state: "available", run, why: "finished" } : { state: "no-run" },
    resume: () => ({ state: "no-run" }),
    canStopOutside: () => false,
    ...overrides,
  };
}

const titles = (c: LensContext) =>
  runLensSpecs(outline, c).map((l) => `${l.range.start.line}:${l.title}`);

/** The lenses while `deploy` (line 0) runs: Running… and ■ Stop in place of ▶ Run and its rollback. */
const DEPLOY_RUNNING = [
  "0:$(loading~spin) Running…",
  "0:■ Stop",
  "0:Graph",
  "10:▶ Run",
  "10:Graph",
  "20:▶ Run test",
];

describe("run CodeLenses", () => {
  it("offers Run, Rollback (only where the last run can be rolled back), Graph and Run test", () => {
    assert.deepEqual(titles(context()), [
      "0:▶ Run",
      "0:↶ Rollback",
      "0:Graph",
      "10:▶ Run",
      "10:Graph",
      "20:▶ Run test",
    ]);
    const [run0, rollback0, graph0] = runLensSpecs(outline, context());
    assert.equal(run0!.command, "momoflow.runWorkflow");
    assert.deepEqual(run0!.arguments, [{ uri: "file:///ws/a.momoflow", workflow: "deploy" }]);
    assert.equal(rollback0!.command, "momoflow.rollbackLastRun");
    assert.match(rollback0!.tooltip, /run r1 \(failed\)/);
    assert.equal(graph0!.command, "momoflow.showGraph");
    assert.deepEqual(graph0!.arguments, [{ uri: "file:///ws/a.momoflow", workflow: "deploy" }]);
    const test = runLensSpecs(outline, context()).at(-1)!;
    assert.equal(test.command, "momoflow.codeLens.runTest");
    assert.deepEqual(test.arguments, [{ uri: "file:///ws/a.momoflow", test: "deploy works" }]);
  });

  it("shows Running… (no Run, no Stop) while a run started outside the editor runs, as its record says", () => {
    const lenses = runLensSpecs(
      outline,
      context({
        rollback: (w): RollbackAvailability =>
          w === "deploy" ? { state: "running", run: { ...run, pid: 4242 } } : { state: "no-run" },
      }),
    );
    assert.deepEqual(
      lenses.map((l) => `${l.range.start.line}:${l.title}`),
      ["0:$(loading~spin) Running…", "0:Graph", "10:▶ Run", "10:Graph", "20:▶ Run test"],
    );
    assert.equal(lenses[0]!.command, "", "a label, not a button");
    assert.match(
      lenses[0]!.tooltip,
      /deploy is already running \(pid 4242, started outside the editor\)/,
    );
  });

  it("shows Running… and ■ Stop for a run started outside the editor whose record names its process surely", () => {
    const lenses = runLensSpecs(
      outline,
      context({
        rollback: (w): RollbackAvailability =>
          w === "deploy" ? { state: "running", run: { ...run, pid: 4242 } } : { state: "no-run" },
        canStopOutside: (dir) => dir === run.dir,
      }),
    );
    assert.deepEqual(
      lenses.map((l) => `${l.range.start.line}:${l.title}`),
      DEPLOY_RUNNING,
    );
    assert.equal(lenses[1]!.command, "momoflow.stopRun");
    assert.deepEqual(lenses[1]!.arguments, [{ runDir: run.dir }]);
    assert.match(lenses[1]!.tooltip, /pid 4242.*as Ctrl\+C in its terminal would/);
  });

  it("shows only Graph in Restricted Mode, and nothing for untitled buffers (the CLI reads files)", () => {
    assert.deepEqual(titles(context({ trusted: false })), ["0:Graph", "10:Graph"]);
    assert.deepEqual(titles(context({ onDisk: false })), []);
  });

  it("shows Running… and Stop instead of Run and Rollback while the workflow runs", () => {
    const lenses = runLensSpecs(
      outline,
      context({ runningKey: (w) => (w === "deploy" ? "key-deploy" : undefined) }),
    );
    assert.deepEqual(
      lenses.map((l) => `${l.range.start.line}:${l.title}`),
      DEPLOY_RUNNING,
    );
    assert.equal(lenses[0]!.command, "", "a label, not a button");
    assert.equal(lenses[1]!.command, "momoflow.stopRun");
    assert.deepEqual(lenses[1]!.arguments, [{ key: "key-deploy" }]);
  });

  it("says why a killed run's rollback is offered", () => {
    const lenses = runLensSpecs(
      outline,
      context({ rollback: () => ({ state: "available", run, why: "killed" }) }),
    );
    assert.match(lenses[1]!.tooltip, /interrupted run r1/);
  });

  it("says why there is nothing to roll back", () => {
    assert.equal(
      unavailableReason("deploy", { state: "no-run" }),
      "deploy has no run to roll back in this workspace.",
    );
    assert.match(unavailableReason("deploy", { state: "running", run }), /still running/);
    assert.match(
      unavailableReason("deploy", { state: "nothing-to-undo", run, status: "rolled_back" }),
      /rolled back already/,
    );
    assert.match(
      unavailableReason("deploy", { state: "nothing-to-undo", run, status: "success" }),
      /nothing that can be undone/,
    );
  });

  it("offers Resume beside Rollback where the last run can be resumed, never while it runs", () => {
    const resumable = context({
      resume: (w) =>
        w === "deploy" ? { state: "available", run, why: "failed" } : { state: "no-run" },
    });
    assert.deepEqual(titles(resumable), [
      "0:▶ Run",
      "0:↶ Rollback",
      "0:↻ Resume",
      "0:Graph",
      "10:▶ Run",
      "10:Graph",
      "20:▶ Run test",
    ]);
    const resume = runLensSpecs(outline, resumable)[2]!;
    assert.equal(resume.command, "momoflow.resumeLastRun");
    assert.deepEqual(resume.arguments, [{ uri: "file:///ws/a.momoflow", workflow: "deploy" }]);
    assert.match(resume.tooltip, /Continue run r1 \(failed\)/);
    const notResumable = context({
      resume: () => ({ state: "not-resumable", run, why: "it succeeded" }),
    });
    assert.ok(!titles(notResumable).includes("0:↻ Resume"));
    const running = context({
      ...resumable,
      runningKey: (w) => (w === "deploy" ? "key-deploy" : undefined),
    });
    assert.ok(!titles(running).includes("0:↻ Resume"));
    assert.ok(!titles({ ...resumable, trusted: false }).includes("0:↻ Resume"));
  });

  it("says why a run cannot be resumed", () => {
    assert.equal(
      resumeUnavailableReason("deploy", { state: "no-run" }),
      "deploy has no run to resume in this workspace.",
    );
    assert.match(resumeUnavailableReason("deploy", { state: "running", run }), /still running/);
    assert.equal(
      resumeUnavailableReason("deploy", { state: "not-resumable", run, why: "it succeeded" }),
      "The last run of deploy cannot be resumed: it succeeded.",
    );
  });
});
