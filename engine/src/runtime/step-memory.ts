// A type-only file: the webview imports it, which has no Node.

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
