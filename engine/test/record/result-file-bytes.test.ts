import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import type { ResultStep, RunResultFile } from "../../src/record/result-file";
import { resultFileBytes } from "../../src/record/result-file-bytes";
import { WorkflowContext } from "../../src/runtime/context";
import { WorkflowEngine } from "../../src/runtime/engine";
import { StepStatus } from "../../src/runtime/status";
import type { StepResult, WorkflowStep } from "../../src/runtime/step";
import { stepIdentityArbitraries } from "../support/step-identity-arbitraries";
import type { EachOptionalField } from "../support/each-optional-field";
import { resultFileOf } from "../support/result-file-of";

const METRICS = {
  startTime: 1_764_000_000_000,
  endTime: 1_764_000_000_001,
  durationMs: 0.012,
  cpuUserMs: 0.011,
  cpuSystemMs: 0,
  peakMemoryBytes: 123_456_789,
  memory: { kind: "heap_growth" as const, bytes: 120 },
};

const PLAIN_STEP: ResultStep = {
  id: "s1",
  needs: [],
  reversible: false,
  status: StepStatus.SUCCESS,
  attempts: 1,
  metrics: METRICS,
};

/** A value for each optional field of a result step (the compiler asks for a new one). */
const OPTIONAL_FIELDS: EachOptionalField<ResultStep> = {
  description: 'says "hi" to ünïcode',
  effectFree: true,
  instanceOf: "each",
  item: { name: "a", n: [1, 2] },
  error: "e\nline two",
  output: { rows: [1, "two", null] },
  log: "logs/s1.log",
  fingerprint: `sha256:${"0".repeat(64)}`,
  reusedFrom: "run-1",
  changedSince: "run-2",
  upToDate: true,
  reason: "for_each: names has no items, so no instance ran",
  worker: "build-1",
  earlierUndone: ["run-0", "run-1"],
};

/** The field order `buildResultFile` gives a step. */
const ORDER = [
  "id",
  "needs",
  "reversible",
  "description",
  "effectFree",
  "instanceOf",
  "item",
  "status",
  "attempts",
  "metrics",
  "error",
  "output",
  "log",
  "fingerprint",
  "reusedFrom",
  "changedSince",
  "upToDate",
  "reason",
  "worker",
  "earlierUndone",
];

function inBuilderOrder(step: Record<string, unknown>): ResultStep {
  const ordered: Record<string, unknown> = {};
  for (const key of ORDER) if (key in step) ordered[key] = step[key];
  return ordered as unknown as ResultStep;
}

/** A file with the top-level fields that follow the steps set too. */
function fileOf(steps: ResultStep[]): RunResultFile {
  return resultFileOf(steps, { metrics: METRICS, error: "an error", resumedFrom: "run-0" });
}

function expected(file: RunResultFile): string {
  return JSON.stringify(file) + "\n";
}

describe("result.json as bytes: what JSON.stringify gives, encoded by hand", () => {
  it("keeps each optional field of a step, alone, byte for byte", () => {
    for (const [field, value] of Object.entries(OPTIONAL_FIELDS)) {
      const file = fileOf([inBuilderOrder({ ...PLAIN_STEP, [field]: value })]);
      assert.equal(resultFileBytes(file).toString("utf8"), expected(file), field);
    }
  });

  it("writes a step with every field, needs, a child's figures and no memory figure", () => {
    const { memory: _memory, ...withoutMemory } = METRICS;
    const step = inBuilderOrder({
      ...PLAIN_STEP,
      ...OPTIONAL_FIELDS,
      needs: ["a", 'b"c'],
      metrics: { ...withoutMemory, child: { cpuUserMs: 1.5, peakMemoryBytes: 4096 } },
    });
    const file = fileOf([step, PLAIN_STEP]);
    assert.equal(resultFileBytes(file).toString("utf8"), expected(file));
  });

  it("leaves out what JSON leaves out: an undefined item or output, a function", () => {
    const step = inBuilderOrder({ ...PLAIN_STEP, item: undefined, output: () => 1 });
    const file = fileOf([step]);
    assert.equal(resultFileBytes(file).toString("utf8"), expected(file));
  });

  it("encodes any steps as JSON.stringify does (random ids, texts, numbers, outputs)", () => {
    const text = fc.string({ unit: "binary", maxLength: 20 });
    const num = fc.oneof(
      fc.integer({ min: 0, max: 10_000_000 }).map((k) => k / 1000),
      fc.double(),
      fc.maxSafeNat(),
    );
    const step = fc.record(
      {
        ...stepIdentityArbitraries(text),
        status: fc.constantFrom("success", "failed", "skipped", "not_run", "rolled_back"),
        attempts: fc.nat(100),
        metrics: fc.record({
          startTime: num,
          endTime: num,
          durationMs: num,
          cpuUserMs: num,
          cpuSystemMs: num,
          peakMemoryBytes: num,
        }),
        error: text,
        output: fc.jsonValue(),
        log: text,
      },
      { requiredKeys: ["id", "needs", "reversible", "status", "attempts", "metrics"] },
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 6 }), (steps) => {
        const file = fileOf(steps.map((s) => inBuilderOrder(s)));
        assert.equal(resultFileBytes(file).toString("utf8"), expected(file));
      }),
      { numRuns: 1000 },
    );
  });

  it("is what a large run writes: the file reads back as the run's result, compact", async () => {
    // Twice: a process's first run writes the file through JSON.stringify, later runs by hand (process-warmth.ts).
    for (let run = 0; run < 2; run++) await checkLargeRunResultFile();
  });
});

/** Runs 300 steps and checks their `result.json` against `JSON.stringify` and the run's result. */
async function checkLargeRunResultFile(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "momoflow-result-bytes-"));
  try {
    const steps: WorkflowStep[] = [];
    for (let i = 0; i < 300; i++) {
      steps.push({
        id: `s${i}`,
        description: i % 2 ? `step ${i}` : "",
        reversible: false,
        ...(i > 0 ? { needs: [`s${i - 1}`] } : {}),
        async execute(): Promise<StepResult> {
          return {
            stepId: `s${i}`,
            status: StepStatus.SUCCESS,
            metrics: METRICS,
            attempts: 1,
            ...(i % 3 === 0 ? { output: { i, text: "ü" } } : {}),
          };
        },
      });
    }
    const result = await new WorkflowEngine().executeWorkflow(
      { id: "big", steps },
      new WorkflowContext({ workingDirectory: dir, env: {} }),
    );
    assert.equal(result.status, "success");
    const text = readFileSync(join(result.runDir!, "result.json"), "utf8");
    const file = JSON.parse(text) as RunResultFile;
    assert.equal(text, JSON.stringify(file) + "\n", "compact, and as JSON.stringify orders it");
    assert.equal(file.steps.length, 300);
    assert.deepEqual(file.steps[3]!.output, { i: 3, text: "ü" });
    assert.deepEqual(file.steps[5]!.needs, ["s4"]);
    assert.equal(file.steps[5]!.description, "step 5");
    assert.deepEqual(
      file.steps.map((s) => s.metrics.durationMs),
      result.stepResults.map((r) => r.metrics.durationMs),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
