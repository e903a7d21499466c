import { closeSync, openSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { SizedRepetitions } from "./bench-profile";
import type { BenchProgress } from "./bench-progress";
import {
  BENCH_CATEGORY_TITLES,
  type PerStepFigure,
  type RetainedMemory,
  type ScalabilityCategory,
  type ScalabilitySize,
  type WriteInStep,
  type LeastRecordedLoopFigure,
} from "./bench-report";
import type { BenchWorkspace } from "./bench-workspace";
import { expectStatus } from "./expect-status";
import { leastRecordedLoopFile, runLeastRecordedLoop } from "./least-recorded-loop";
import { garbageCollector } from "./garbage-collection";
import { noopSteps, WritingNoopStep } from "./noop-steps";
import { representativeRunMemory, retainedBytesPerStep } from "./run-memory";
import { summarize, type SampleSummary } from "./statistics";

/**
 * How each size is run: the record off, on, off with each step writing a
 * recorded step's lines, and the least recorded loop (no engine).
 */
type Mode = "off" | "on" | "writing" | "least";
const MODES: readonly Mode[] = ["off", "on", "writing", "least"];

/**
 * Category 2: large workflows of no-op steps, each size run with the run record
 * on (journal to a temp folder), off, and off with each step writing the lines
 * a recorded step writes (see {@link WriteInStep}), in turn, so all three see
 * the same machine state; then the heap the engine keeps per finished step.
 */
export async function measureScalability(
  workspace: BenchWorkspace,
  plan: readonly SizedRepetitions[],
  memorySamples: number,
  baselineUs: number,
  progress: BenchProgress,
): Promise<ScalabilityCategory> {
  const sizes: ScalabilitySize[] = [];
  // One full collection before the category, none between its runs (as in execution-scaling.ts).
  garbageCollector().collect?.();
  const lines = await recordedStepLines(workspace);
  for (const { steps, repetitions } of plan) {
    const samples: Record<Mode, number[]> = { off: [], on: [], writing: [], least: [] };
    for (let r = 0; r < repetitions; r++) {
      for (const mode of MODES) samples[mode].push(await timeMode(workspace, mode, steps, lines));
    }
    const journalOff = perStep(samples.off, baselineUs);
    const journalOn = perStep(samples.on, baselineUs);
    const size: ScalabilitySize = {
      steps,
      repetitions,
      journalOff,
      journalOn,
      journalCost: {
        ratio: journalOn.perStepUs.median / journalOff.perStepUs.median,
        perStepUs: journalOn.perStepUs.median - journalOff.perStepUs.median,
      },
      writeInStep: writeInStep(lines.length, summarize(samples.writing), journalOff, journalOn),
      leastRecordedLoop: leastRecordedLoop(summarize(samples.least), journalOn),
    };
    sizes.push(size);
    progress(
      `  ${String(steps).padStart(7)} steps: journal off ${journalOff.perStepUs.median.toFixed(2)} µs/step, ` +
        `on ${journalOn.perStepUs.median.toFixed(2)} µs/step (×${size.journalCost.ratio.toFixed(2)}), ` +
        `off with a write per step ${size.writeInStep!.perStepUs.median.toFixed(2)} µs/step, ` +
        `the least recorded loop ${size.leastRecordedLoop!.perStepUs.median.toFixed(2)} µs/step`,
    );
  }
  const largest = Math.max(...plan.map((p) => p.steps));
  const retainedMemory = await measureRetainedMemory(workspace, largest, memorySamples);
  progress(
    `  retained heap: ${retainedMemory.bytesPerStep.toFixed(0)} B/step at ${largest} steps (${retainedMemory.method})`,
  );
  return { title: BENCH_CATEGORY_TITLES.scalability, sizes, retainedMemory };
}

/** One run of `steps` no-op steps in `mode`: µs per step. */
async function timeMode(
  workspace: BenchWorkspace,
  mode: Mode,
  steps: number,
  lines: Buffer,
): Promise<number> {
  if (mode === "least") return timeLeastRecordedLoop(workspace, steps);
  if (mode !== "writing") {
    const { result, elapsedUs } = await workspace.run(noopSteps(steps), { journal: mode === "on" });
    expectStatus(result, "success");
    return elapsedUs / steps;
  }
  const fd = openSync(join(workspace.dir, "step-writes.jsonl"), "w");
  try {
    const workflow = Array.from(
      { length: steps },
      (_, i) => new WritingNoopStep(`s${i}`, fd, lines),
    );
    const { result, elapsedUs } = await workspace.run(workflow, { journal: false });
    expectStatus(result, "success");
    return elapsedUs / steps;
  } finally {
    closeSync(fd);
  }
}

/** One run of the least recorded loop of `steps` steps in the workspace: µs per step. Its file is removed after. */
async function timeLeastRecordedLoop(workspace: BenchWorkspace, steps: number): Promise<number> {
  const elapsedUs = await runLeastRecordedLoop(workspace.dir, steps, 0);
  rmSync(leastRecordedLoopFile(workspace.dir, 0), { force: true });
  return elapsedUs / steps;
}

/**
 * The journal lines of one recorded no-op step (its intent and its outcome),
 * as this engine writes them on this machine: those of the middle step of a
 * short recorded run.
 */
async function recordedStepLines(workspace: BenchWorkspace): Promise<Buffer> {
  let journal = "";
  const { result } = await workspace.run(noopSteps(21), {
    journal: true,
    inspectRecord: (runDir) => (journal = readFileSync(join(runDir, "journal.jsonl"), "utf8")),
  });
  expectStatus(result, "success");
  const lines = journal.split("\n").filter((l) => l.includes('"step":"s10"'));
  if (lines.length !== 2) throw new Error(`step s10 has ${lines.length} journal lines, not 2`);
  return Buffer.from(lines.join("\n") + "\n");
}

function writeInStep(
  bytes: number,
  perStepUs: SampleSummary,
  journalOff: PerStepFigure,
  journalOn: PerStepFigure,
): WriteInStep {
  return {
    bytes,
    perStepUs,
    writeUs: perStepUs.median - journalOff.perStepUs.median,
    recordBeyondWriteUs: journalOn.perStepUs.median - perStepUs.median,
  };
}

function leastRecordedLoop(
  perStepUs: SampleSummary,
  journalOn: PerStepFigure,
): LeastRecordedLoopFigure {
  return { perStepUs, engineRatio: journalOn.perStepUs.median / perStepUs.median };
}

function perStep(samplesUs: number[], baselineUs: number): PerStepFigure {
  const perStepUs = summarize(samplesUs);
  return { perStepUs, ratioToBaseline: perStepUs.median / baselineUs };
}

/** Heap kept per finished step with the result held (journal on). */
async function measureRetainedMemory(
  workspace: BenchWorkspace,
  steps: number,
  samples: number,
): Promise<RetainedMemory> {
  const memory = await representativeRunMemory(workspace, () => noopSteps(steps), true, samples);
  return {
    steps,
    method: garbageCollector().method,
    heapBeforeBytes: memory.heapBeforeBytes,
    heapAfterBytes: memory.heapAfterBytes,
    bytesPerStep: retainedBytesPerStep(memory),
  };
}
