import assert from "node:assert/strict";
import type { RunResultFile } from "@momoflow/record";
import type { StepOutline } from "../src/outline/document-outline";
import { stepDefinitions } from "../src/metrics/metrics-staleness";
import { workflowMetricsView } from "../src/metrics/workflow-metrics";

const metrics = {
  startTime: 0,
  endTime: 5,
  durationMs: 5,
  cpuUserMs: 1,
  cpuSystemMs: 0,
  peakMemoryBytes: 64 * 1024 * 1024,
  memory: { kind: "heap_growth" as const, bytes: 2048 },
};
const result: RunResultFile = {
  v: 1,
  runId: "r1",
  workflow: { id: "w", name: "w", version: "1" },
  source: "/ws/a.momoflow",
  workdir: "/ws",
  status: "rolled_back",
  metrics,
  successRate: 0.5,
  rolledBackSteps: ["a"],
  steps: [
    { id: "a", needs: [], reversible: true, status: "rolled_back", attempts: 1, metrics },
    {
      id: "b",
      needs: ["a"],
      reversible: true,
      status: "failed",
      attempts: 1,
      metrics,
      error: "boom",
    },
  ],
};
const step = (name: string, line: number): StepOutline => ({
  name,
  nameRange: { start: { line, character: 7 }, end: { line, character: 7 + name.length } },
  range: { start: { line, character: 2 }, end: { line: line + 2, character: 3 } },
  definition: `run: "${name}"`,
  definitionDigest: `digest of ${name}`,
  legacyDefinitionDigest: `legacy digest of ${name}`,
  needs: [],
  rollback: "absent",
});

/** A recorded step of `status` that took `durationMs`, failing with `error` when given. */
const recordedStep = (
  id: string,
  status: string,
  durationMs: number,
  error?: string,
): RunResultFile["steps"][number] => ({
  id,
  needs: [],
  reversible: true,
  status: status as "success",
  attempts: 1,
  metrics: { ...metrics, durationMs },
  ...(error ? { error } : {}),
});

describe("a workflow's inline metrics", () => {
  it("places each recorded step's figures at the step the document declares", () => {
    const steps = [step("a", 3), step("b", 6)];
    const view = workflowMetricsView(result, steps, stepDefinitions(steps), stepDefinitions(steps));
    assert.equal(view.stale, false);
    assert.equal(view.runId, "r1");
    assert.deepEqual(
      view.items.map((i) => [i.step.name, i.view.text, i.view.tone]),
      [
        ["a", "↶ rolled back · 5.0 ms · +2.0 KB heap", "rolled_back"],
        ["b", "✗ failed · 5.0 ms · +2.0 KB heap · boom", "failed"],
      ],
    );
  });

  it("marks every figure stale after a structural edit, and shows none for a new step", () => {
    const before = [step("a", 3), step("b", 6)];
    const after = [step("a", 3), step("new", 6), step("b", 9)];
    const view = workflowMetricsView(
      result,
      after,
      stepDefinitions(before),
      stepDefinitions(after),
    );
    assert.equal(view.stale, true);
    assert.deepEqual(
      view.items.map((i) => [i.step.name, i.view.text]),
      [
        ["a", "↶ rolled back · 5.0 ms · +2.0 KB heap  (stale)"],
        ["b", "✗ failed · 5.0 ms · +2.0 KB heap · boom  (stale)"],
      ],
    );
  });

  it("counts a fan-out's instances and a called workflow's steps at the step that declares them", () => {
    const instance = recordedStep;
    const grouped: RunResultFile = {
      ...result,
      steps: [
        instance("convert[0]", "success", 10),
        instance("convert[1]", "failed", 30, "no such file: b.csv\nmore"),
        instance("convert[2]", "success", 20),
        instance("release/bump", "success", 5),
        instance("release/publish", "rolled_back", 7),
        instance("plain", "success", 5),
      ],
    };
    const steps = [step("convert", 3), step("release", 8), step("plain", 12)];
    const view = workflowMetricsView(
      grouped,
      steps,
      stepDefinitions(steps),
      stepDefinitions(steps),
    );
    assert.equal(view.stale, false, "instances and children are not new steps");
    assert.deepEqual(
      view.items.map((i) => [i.step.name, i.view.text, i.view.tone]),
      [
        ["convert", "1 ✗ 2 ✓ · longest 30 ms · convert[1]: no such file: b.csv", "failed"],
        ["release", "1 ↶ 1 ✓ · longest 7.0 ms", "rolled_back"],
        ["plain", "✓ success · 5.0 ms · +2.0 KB heap", "success"],
      ],
    );
    const hover = view.items[0]!.view.hover;
    assert.match(hover, /\*\*convert\*\*: 3 recorded steps/);
    assert.match(hover, /- `convert\[1\]` ✗ failed · 30 ms/);
  });

  it("counts the calls of a step that calls a workflow once per item, not every step each call ran", () => {
    const row = recordedStep;
    // As result.json has them: each call's steps right before the instance that stands for the call.
    const calls: RunResultFile = {
      ...result,
      steps: [
        row("deploy[0]/bump", "rolled_back", 5),
        row("deploy[0]/tag", "success", 6),
        row("deploy[0]", "rolled_back", 12),
        row("deploy[1]/bump", "rolled_back", 4),
        row("deploy[1]/tag", "failed", 9, "exit 3: tag exists"),
        row("deploy[1]", "failed", 14),
        row("deploy[2]/bump", "not_run", 0),
        row("deploy[2]/tag", "not_run", 0),
        row("deploy[2]", "not_run", 0),
        row("deploy", "failed", 30),
      ],
    };
    const steps = [step("deploy", 3)];
    const view = workflowMetricsView(calls, steps, stepDefinitions(steps), stepDefinitions(steps));
    assert.deepEqual(
      view.items.map((i) => [i.step.name, i.view.text, i.view.tone]),
      [["deploy", "1 ✗ 1 ↶ 1 ○ · longest 14 ms · deploy[1]/tag: exit 3: tag exists", "failed"]],
    );
    const hover = view.items[0]!.view.hover;
    assert.match(hover, /\*\*deploy\*\*: 3 calls/);
    assert.match(hover, /- `deploy\[1\]` ✗ failed · 14 ms/);
    assert.doesNotMatch(hover, /- `deploy\[0\]\/bump`/, "the calls are listed, not their steps");
  });
  it("says why a call its when skipped was skipped, as one skipped step, not a count of its steps", () => {
    const skipped = (id: string, reason: string): RunResultFile["steps"][number] => ({
      ...recordedStep(id, "skipped", 0),
      attempts: 0,
      reason,
    });
    const gated: RunResultFile = {
      ...result,
      steps: [
        skipped("gated/bump", "its call gated was skipped: when: go is false"),
        skipped("gated/tag", "its call gated was skipped: when: go is false"),
        skipped("gated", "when: go is false"),
      ],
    };
    const steps = [step("gated", 3)];
    const view = workflowMetricsView(gated, steps, stepDefinitions(steps), stepDefinitions(steps));
    assert.deepEqual(
      view.items.map((i) => [i.step.name, i.view.text, i.view.tone]),
      [["gated", "– skipped · when: go is false", "muted"]],
    );
    assert.match(view.items[0]!.view.hover, /- skipped: when: go is false/);
  });
});

describe("the line where a failed bash script stopped", () => {
  const error =
    'shell command "echo starting …" exited with code 1 at line 2 of the script (lib/audit.momoflow:25), `false`: starting';
  /** The step deploy as written from line `at` (0-based): its script's line 2 is `at + 5`. */
  const written = (at: number): { step: StepOutline; lines: string[] } => {
    const lines = Array<string>(at).fill("");
    lines.push(
      "  step deploy {",
      "    needs: [prep]",
      '    shell: "bash"',
      '    run: """',
      "      echo starting",
      "      false",
      '      """',
      "  }",
    );
    const outline: StepOutline = {
      ...step("deploy", at),
      range: { start: { line: at, character: 2 }, end: { line: at + 7, character: 3 } },
    };
    return { step: outline, lines };
  };
  const failed: RunResultFile = {
    ...result,
    source: "/ws/lib/audit.momoflow",
    steps: [recordedStep("deploy", "failed", 16, error)],
  };
  const marks = (
    path: string,
    now: { step: StepOutline; lines: string[] },
    baseline = [now.step],
  ): unknown[] =>
    workflowMetricsView(
      failed,
      [now.step],
      stepDefinitions(baseline),
      stepDefinitions([now.step]),
      {
        path,
        lineText: (line) => now.lines[line] ?? "",
      },
    ).items.map((i) => i.failingLine);

  it("is marked in the document the error names, at the script's line", () => {
    assert.deepEqual(marks("/ws/lib/audit.momoflow", written(19)), [
      { line: 24, text: "✗ the script stopped here: exit code 1", error },
    ]);
  });

  it("stays on the script's line when lines were added above the step since the run", () => {
    assert.deepEqual(
      marks("/ws/lib/audit.momoflow", written(21)).map((m) => (m as { line: number }).line),
      [26],
    );
  });

  it("is not marked in another file, or once the step changed", () => {
    assert.deepEqual(
      marks("/ws/audit.momoflow", written(19)),
      [undefined],
      "another audit.momoflow",
    );
    assert.deepEqual(marks("/ws/lib/other.momoflow", written(19)), [undefined]);
    const now = written(19);
    const edited = {
      ...now,
      step: { ...now.step, definition: 'run: "other"', definitionDigest: "changed" },
    };
    assert.deepEqual(
      marks("/ws/lib/audit.momoflow", edited, [now.step]),
      [undefined],
      "stale figures mark no line",
    );
  });
});
