import type { WorkflowStep } from "../runtime/step";
import type { BenchWorkspace } from "./bench-workspace";
import { settledHeapUsed } from "./garbage-collection";
import { PeakMemorySampler } from "./peak-memory-sampler";

/** Memory around one run. */
export interface RunMemory {
  steps: number;
  /** Heap in use before the run (after a full GC when available). */
  heapBeforeBytes: number;
  /** Heap in use after the run while its result is still held (after a full GC when available). */
  heapAfterBytes: number;
  rssBeforeBytes: number;
  /** Highest RSS seen: before the run and at every probe during it. */
  peakRssBytes: number;
  /** Highest heapUsed seen: before the run and at every probe during it. */
  peakHeapUsedBytes: number;
  probes: number;
}

/**
 * Runs `steps` once and reads memory before, during (when some steps call
 * `sampler.sample()`) and after the run, with the run's result still held,
 * so what the engine keeps per finished step is counted.
 */
export async function measureRunMemory(
  workspace: BenchWorkspace,
  steps: WorkflowStep[],
  journal: boolean,
  sampler: PeakMemorySampler = new PeakMemorySampler(),
): Promise<RunMemory> {
  const heapBeforeBytes = settledHeapUsed();
  sampler.reset();
  const { result } = await workspace.run(steps, { journal });
  const heapAfterBytes = settledHeapUsed();
  // Touch the result after the reading: it must stay reachable until then.
  if (result.stepResults.length !== steps.length) throw new Error("benchmark run lost steps");
  return {
    steps: steps.length,
    heapBeforeBytes,
    heapAfterBytes,
    rssBeforeBytes: sampler.startRssBytes,
    peakRssBytes: sampler.peakRssBytes,
    // The reading before the run counts as seen: a collection just after it must not make the peak lower.
    peakHeapUsedBytes: Math.max(sampler.peakHeapUsedBytes, heapBeforeBytes),
    probes: sampler.samples,
  };
}

/** Heap kept per step: (after − before) / steps. */
export function retainedBytesPerStep(memory: RunMemory): number {
  return (memory.heapAfterBytes - memory.heapBeforeBytes) / memory.steps;
}

/**
 * {@link measureRunMemory} made reliable: `samples` runs are made and the
 * middle one by retained heap (the lower middle for an even count) stands for
 * all, so its figures agree. A forced GC is not enough on its own: one run's
 * reading also holds what that run compiled or cached once for the process
 * (seen: 426 B/step from one run where the median of runs was ~250).
 */
export async function representativeRunMemory(
  workspace: BenchWorkspace,
  makeSteps: (sampler: PeakMemorySampler) => WorkflowStep[],
  journal: boolean,
  samples: number,
): Promise<RunMemory> {
  const runs = Math.max(1, samples);
  const readings: RunMemory[] = [];
  for (let i = 0; i < runs; i++) {
    const sampler = new PeakMemorySampler();
    readings.push(await measureRunMemory(workspace, makeSteps(sampler), journal, sampler));
  }
  readings.sort((a, b) => retainedBytesPerStep(a) - retainedBytesPerStep(b));
  return readings[Math.floor((readings.length - 1) / 2)]!;
}
