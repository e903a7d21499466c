import type { WorkflowStep } from "../runtime/step";
import type { BenchProgress } from "./bench-progress";
import {
  BENCH_CATEGORY_TITLES,
  type MemoryPerStepCategory,
  type MemoryPerStepSize,
} from "./bench-report";
import type { BenchWorkspace } from "./bench-workspace";
import { garbageCollector } from "./garbage-collection";
import { NoopStep, ProbeStep } from "./noop-steps";
import type { PeakMemorySampler } from "./peak-memory-sampler";
import { representativeRunMemory, retainedBytesPerStep } from "./run-memory";

/** Sizes of {@link measureMemoryPerStep}. */
export interface MemoryPerStepPlan {
  sizes: number[];
  /** Every this many steps, one is a probe that reads memory. */
  sampleEvery: number;
}

/**
 * Category 4: memory per step at a few sizes, run record on. Peak figures come
 * from probe steps spread through the run (the last step is always one);
 * the retained heap from readings before and after the run, result held.
 */
export async function measureMemoryPerStep(
  workspace: BenchWorkspace,
  plan: MemoryPerStepPlan,
  memorySamples: number,
  progress: BenchProgress,
): Promise<MemoryPerStepCategory> {
  const sizes: MemoryPerStepSize[] = [];
  for (const steps of plan.sizes) {
    const memory = await representativeRunMemory(
      workspace,
      (sampler) => probedSteps(steps, plan.sampleEvery, sampler),
      true,
      memorySamples,
    );
    const size: MemoryPerStepSize = {
      steps,
      peakRssDeltaBytesPerStep: (memory.peakRssBytes - memory.rssBeforeBytes) / steps,
      peakHeapDeltaBytesPerStep: (memory.peakHeapUsedBytes - memory.heapBeforeBytes) / steps,
      retainedHeapBytesPerStep: retainedBytesPerStep(memory),
      probes: memory.probes,
    };
    sizes.push(size);
    progress(
      `  ${String(steps).padStart(7)} steps: peak RSS +${size.peakRssDeltaBytesPerStep.toFixed(0)} B/step, ` +
        `peak heap +${size.peakHeapDeltaBytesPerStep.toFixed(0)} B/step, retained ${size.retainedHeapBytesPerStep.toFixed(0)} B/step`,
    );
  }
  return {
    title: BENCH_CATEGORY_TITLES.memoryPerStep,
    journal: true,
    method: garbageCollector().method,
    sampleEvery: plan.sampleEvery,
    sizes,
  };
}

/** No-op steps where every `every`-th one, and the last, reads memory. */
function probedSteps(count: number, every: number, sampler: PeakMemorySampler): WorkflowStep[] {
  const probe = (): void => sampler.sample();
  const steps: WorkflowStep[] = new Array<WorkflowStep>(count);
  for (let i = 0; i < count; i++) {
    const id = `s${i}`;
    steps[i] =
      (i + 1) % every === 0 || i === count - 1 ? new ProbeStep(id, probe) : new NoopStep(id);
  }
  return steps;
}
