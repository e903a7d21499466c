import type { SizedRepetitions } from "./bench-profile";
import type { BenchProgress } from "./bench-progress";
import {
  BENCH_CATEGORY_TITLES,
  type PerStepFigure,
  type RetainedMemory,
  type ScalabilityCategory,
  type ScalabilitySize,
} from "./bench-report";
import type { BenchWorkspace } from "./bench-workspace";
import { expectStatus } from "./expect-status";
import { garbageCollector } from "./garbage-collection";
import { noopSteps } from "./noop-steps";
import { representativeRunMemory, retainedBytesPerStep } from "./run-memory";
import { summarize } from "./statistics";

/**
 * Category 2: large workflows of no-op steps, each size run with the run record
 * on (journal to a temp folder) and off, alternately, so both see the same
 * machine state; then the heap the engine keeps per finished step.
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
  for (const { steps, repetitions } of plan) {
    const off: number[] = [];
    const on: number[] = [];
    for (let r = 0; r < repetitions; r++) {
      for (const journal of [false, true]) {
        const workflow = noopSteps(steps);
        const { result, elapsedUs } = await workspace.run(workflow, { journal });
        expectStatus(result, "success");
        (journal ? on : off).push(elapsedUs / steps);
      }
    }
    const journalOff = perStep(off, baselineUs);
    const journalOn = perStep(on, baselineUs);
    const size: ScalabilitySize = {
      steps,
      repetitions,
      journalOff,
      journalOn,
      journalCost: {
        ratio: journalOn.perStepUs.median / journalOff.perStepUs.median,
        perStepUs: journalOn.perStepUs.median - journalOff.perStepUs.median,
      },
    };
    sizes.push(size);
    progress(
      `  ${String(steps).padStart(7)} steps: journal off ${journalOff.perStepUs.median.toFixed(2)} µs/step, ` +
        `on ${journalOn.perStepUs.median.toFixed(2)} µs/step (×${size.journalCost.ratio.toFixed(2)})`,
    );
  }
  const largest = Math.max(...plan.map((p) => p.steps));
  const retainedMemory = await measureRetainedMemory(workspace, largest, memorySamples);
  progress(
    `  retained heap: ${retainedMemory.bytesPerStep.toFixed(0)} B/step at ${largest} steps (${retainedMemory.method})`,
  );
  return { title: BENCH_CATEGORY_TITLES.scalability, sizes, retainedMemory };
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
