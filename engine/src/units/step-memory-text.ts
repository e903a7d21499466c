import type { StepMemory } from "../runtime/step-memory";
import { formatBytes } from "./quantity-text";

/**
 * A step's memory figure in a few characters that say which kind it is:
 * `12.0 MB peak` (its processes' peak), `+1.2 MB heap` (the engine's heap
 * growth), `—` (not measured).
 */
export function formatStepMemory(memory: StepMemory | undefined): string {
  if (!memory) return "—";
  return memory.kind === "child_peak"
    ? `${formatBytes(memory.bytes)} peak`
    : `+${formatBytes(memory.bytes)} heap`;
}

/** The same figure in a sentence, for hovers and tooltips. */
export function describeStepMemory(memory: StepMemory | undefined): string {
  if (!memory) return "memory: not measured";
  return memory.kind === "child_peak"
    ? `memory: ${formatBytes(memory.bytes)} peak of its processes (resident)`
    : `memory: the engine's heap grew by ${formatBytes(memory.bytes)} while it ran (steps running alongside included)`;
}
