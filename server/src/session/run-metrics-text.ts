/**
 * A step's figures from its last run, in words, as the CLI's summary shows
 * them (same units, same memory figure: a shell action's peak or an
 * in-process step's heap growth, saying which).
 */
import { formatStepMemory, formatDuration } from "@momoflow/units";
import { stepMemoryOf } from "@momoflow/runtime";
import type { ResultStep } from "@momoflow/record";

/** `success · 20 ms` (status alone for a step that never ran an attempt). */
export function stepMetricsLabel(step: ResultStep): string {
  return step.attempts > 0
    ? `${step.status} · ${formatDuration(step.metrics.durationMs)}`
    : step.status;
}

/**
 * `` `success` in 20 ms, memory 3.2 MB peak `` (or `+1.2 MB heap`, or `not
 * measured`; with the attempts when there were several).
 */
export function stepMetricsSentence(step: ResultStep): string {
  if (step.attempts === 0) return `\`${step.status}\``;
  const attempts = step.attempts > 1 ? ` after ${step.attempts} attempts` : "";
  return (
    `\`${step.status}\`${attempts} in ${formatDuration(step.metrics.durationMs)}, ` +
    `memory ${stepMemoryText(step)}`
  );
}

/** A step's memory figure with its kind, or `not measured`. */
export function stepMemoryText(step: ResultStep): string {
  const memory = stepMemoryOf(step.metrics);
  return memory ? formatStepMemory(memory) : "not measured";
}

/** `2026-11-25 18:11:18 UTC`: when a run started, the same for everyone reading it. */
export function runStartText(epochMs: number): string {
  return new Date(epochMs)
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, " UTC");
}
