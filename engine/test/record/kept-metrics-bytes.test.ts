import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { JournalBuffer } from "../../src/record/journal-buffer";
import type { StepFinishedEvent } from "../../src/record/journal-event";
import type { ResultStep, RunResultFile } from "../../src/record/result-file";
import { resultFileBytes } from "../../src/record/result-file-bytes";
import { WorkflowContext } from "../../src/runtime/context";
import { WorkflowEngine } from "../../src/runtime/engine";
import { emptyMetrics, type ExecutionMetrics } from "../../src/runtime/metrics";
import { StepStatus } from "../../src/runtime/status";
import type { StepResult, WorkflowStep } from "../../src/runtime/step";
import { metricsArbitrary } from "../support/metrics-arbitrary";
import { resultFileOf } from "../support/result-file-of";

/** The engine's kinds of numbers, and any double. */
const num = fc.oneof(
  fc.integer({ min: 0, max: 10_000_000 }).map((k) => k / 1000),
  fc.constant(1_764_000_000_000),
  fc.double(),
  fc.maxSafeNat(),
);
const metricsOf = metricsArbitrary(num);

function finishedLine(id: string, metrics: ExecutionMetrics): StepFinishedEvent {
  return { type: "step_finished", time: 1, step: id, status: "success", attempts: 1, metrics };
}

describe("result.json's steps' metrics copied from the bytes their journal lines wrote", () => {
  it("writes what JSON.stringify gives, for steps in any order, some written twice, some masked copies, some never in the journal", () => {
    const step = fc.record({
      metrics: metricsOf,
      /** Its line: 0 none, 1 once, 2 twice (a line written again after a failed write). */
      lines: fc.constantFrom(0, 1, 1, 1, 2),
      /** result.json holds a copy of the object (masked), with this start time. */
      copiedWith: fc.option(num, { nil: undefined }),
    });
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        (drawn, shuffle) => {
          const buffer = new JournalBuffer(true);
          const kept = buffer.keepMetrics(4)!;
          // The lines in one order (steps finish in any order), result.json's steps in another.
          const lineOrder = drawn.map((_, i) => i);
          for (let i = 0; i < shuffle.length && lineOrder.length > 1; i++) {
            const a = i % lineOrder.length;
            const b = shuffle[i]! % lineOrder.length;
            [lineOrder[a], lineOrder[b]] = [lineOrder[b]!, lineOrder[a]!];
          }
          for (const i of lineOrder)
            for (let n = 0; n < drawn[i]!.lines; n++) {
              buffer.append(finishedLine(`s${i}`, drawn[i]!.metrics));
              // The journal's buffer is written and cleared between lines.
              if (n === 0) buffer.clear();
            }
          const steps = drawn.map((d, i): ResultStep => ({
            id: `s${i}`,
            needs: [],
            reversible: false,
            status: "success",
            attempts: 1,
            metrics:
              d.copiedWith === undefined ? d.metrics : { ...d.metrics, startTime: d.copiedWith },
          }));
          const file = resultFileOf(steps);
          assert.equal(resultFileBytes(file, kept).toString("utf8"), JSON.stringify(file) + "\n");
        },
      ),
      { numRuns: 500 },
    );
  });

  it("keeps nothing for lines that are not encoded by hand (a process's first run)", () => {
    assert.equal(new JournalBuffer(false).keepMetrics(4), undefined);
  });

  it("lets the kept bytes go when asked", () => {
    const buffer = new JournalBuffer(true);
    buffer.keepMetrics(4);
    assert.notEqual(buffer.keptMetrics, undefined);
    buffer.dropKeptMetrics();
    assert.equal(buffer.keptMetrics, undefined);
  });

  it("is what large runs write: steps side by side, and a run rolled back", async () => {
    // Twice each: a process's first run encodes through JSON.stringify, later runs by hand (process-warmth.ts).
    for (let run = 0; run < 2; run++) {
      await checkLargeRun({ concurrency: 4, failAt: undefined });
      await checkLargeRun({ concurrency: 1, failAt: 280 });
      await checkLargeRun({ concurrency: 3, failAt: 150 });
    }
  });
});

/** Runs 300 reversible steps (the one at `failAt` fails) and checks `result.json` against the run's result. */
async function checkLargeRun(how: {
  concurrency: number;
  failAt: number | undefined;
}): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "momoflow-kept-metrics-"));
  try {
    const steps: WorkflowStep[] = [];
    for (let i = 0; i < 300; i++) {
      steps.push({
        id: `s${i}`,
        description: "",
        reversible: true,
        async execute(): Promise<StepResult> {
          // Steps side by side finish in another order than they are listed.
          if (i % 7 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
          const failed = i === how.failAt;
          return {
            stepId: `s${i}`,
            status: failed ? StepStatus.FAILED : StepStatus.SUCCESS,
            metrics: emptyMetrics(0),
            attempts: 1,
            ...(failed ? { error: "failing on purpose" } : {}),
          };
        },
        async rollback(): Promise<void> {},
      });
    }
    const result = await new WorkflowEngine().executeWorkflow(
      { id: "big", steps },
      new WorkflowContext({ workingDirectory: dir, env: {} }),
      { concurrency: how.concurrency },
    );
    assert.equal(result.status, how.failAt === undefined ? "success" : "rolled_back");
    const text = readFileSync(join(result.runDir!, "result.json"), "utf8");
    const file = JSON.parse(text) as RunResultFile;
    assert.equal(text, JSON.stringify(file) + "\n", "compact, and as JSON.stringify orders it");
    assert.deepEqual(
      file.steps.map((s) => [s.id, s.status]),
      result.stepResults.map((r) => [r.stepId, r.status]),
    );
    // The steps that ran: a step that never did is given the run's end as its time, each its own way.
    const ran = (status: string): boolean => status !== "not_run";
    assert.deepEqual(
      file.steps.filter((s) => ran(s.status)).map((s) => s.metrics),
      result.stepResults
        .filter((r) => ran(r.status))
        .map((r) => JSON.parse(JSON.stringify(r.metrics)) as unknown),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
