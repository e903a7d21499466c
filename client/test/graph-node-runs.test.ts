import assert from "node:assert/strict";
import type { StepView } from "../src/webview/protocol";
import { graphNodeRuns } from "../webview/graph-node-runs";

const view = (
  id: string,
  status: StepView["status"],
  durationMs: number,
  error?: string,
): StepView => ({
  id,
  needs: [],
  reversible: true,
  status,
  attempts: status === "not_run" ? 0 : 1,
  startMs: 0,
  endMs: durationMs,
  durationMs,
  ...(error ? { error } : {}),
});

describe("the graph's nodes coloured by a run", () => {
  const runs = graphNodeRuns(
    [
      view("fetch", "success", 1200),
      view("convert[0]", "success", 10),
      view("convert[1]", "failed", 30, "no such file: b.csv\nat line 2"),
      view("convert[2]", "success", 20),
      view("release/bump", "rolled_back", 5),
      view("release/publish", "not_run", 0),
      view("tag", "not_run", 0),
      view("deploy", "success", 0),
      view("deploy/push", "failed", 9, "refused"),
    ],
    new Set(["fetch", "convert", "release", "tag", "deploy", "deploy/push"]),
    (ms) => `${ms} ms`,
  );

  it("gives a plain step its own status and time", () => {
    assert.deepEqual(runs.get("fetch"), { status: "success", subtitle: "success · 1200 ms" });
    assert.deepEqual(runs.get("tag"), { status: "not_run", subtitle: "not run" });
  });

  it("gives a fan-out step its instances' counts, coloured by the most urgent, with the first error", () => {
    assert.deepEqual(runs.get("convert"), {
      status: "failed",
      subtitle: "1 failed · 2 success",
      error: "convert[1]: no such file: b.csv",
    });
    assert.equal(runs.has("convert[0]"), false, "an instance is no node of its own");
  });

  it("colours a fan-out of cancelled and succeeded instances as cancelled, not as a success", () => {
    const cancelled = graphNodeRuns(
      [view("convert[0]", "success", 10), view("convert[1]", "cancelled", 5)],
      new Set(["convert"]),
      (ms) => `${ms} ms`,
    );
    assert.deepEqual(cancelled.get("convert"), {
      status: "cancelled",
      subtitle: "1 cancelled · 1 success",
    });
  });

  it("gives a called step the graph draws as a node its own status", () => {
    assert.deepEqual(runs.get("deploy/push"), {
      status: "failed",
      subtitle: "failed · 9 ms",
      error: "refused",
    });
    assert.deepEqual(runs.get("deploy"), { status: "success", subtitle: "success · 0 ms" });
  });

  it("gives a workflow call the graph does not draw its child steps' counts", () => {
    assert.deepEqual(runs.get("release"), {
      status: "rolled_back",
      subtitle: "1 rolled back · 1 not run",
    });
  });
});
