// No Node here: the webview imports it.

/**
 * Which memory figure a step has:
 * - `child_peak`: the peak resident memory of a shell action's own processes,
 *   from the kernel's per-process high-water marks (VmHWM);
 * - `heap_growth`: how much the engine's JavaScript heap grew while an
 *   in-process step (built-in command, `js()`) ran — allocations minus what
 *   was collected, never below 0, steps running alongside included.
 */
export type StepMemoryKind = "child_peak" | "heap_growth";

/** A step's memory figure and what it means; absent from metrics when not measured. */
export interface StepMemory {
  kind: StepMemoryKind;
  bytes: number;
}

/**
 * A step's own memory figure, or undefined when it has none. Records written
 * before `memory` existed give their shell action's peak; their other figure
 * was the engine's peak, not the step's, so it is not one.
 */
export function stepMemoryOf(metrics: {
  memory?: StepMemory;
  child?: { peakMemoryBytes?: number };
}): StepMemory | undefined {
  if (metrics.memory) return metrics.memory;
  const peak = metrics.child?.peakMemoryBytes;
  return peak !== undefined && Number.isFinite(peak) && peak > 0
    ? { kind: "child_peak", bytes: peak }
    : undefined;
}
