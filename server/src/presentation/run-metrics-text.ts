/**
 * A step's figures from its last run, in words, as the CLI's summary shows
 * them (same units, same memory figure: a shell action's own peak when it
 * had one).
 */
import { stepMemory } from "../../../engine/src/cli/progress-reporter";
import { formatBytes, formatDuration } from "../../../engine/src/cli/units";
import type { ResultStep } from "../../../engine/src/record/result-file";

/** `success · 20 ms` (status alone for a step that never ran an attempt). */
export function stepMetricsLabel(step: ResultStep): string {
  return step.attempts > 0
    ? `${step.status} · ${formatDuration(step.metrics.durationMs)}`
    : step.status;
}

/** `` `success` in 20 ms, peak memory 3.2 MB `` (with the attempts when there were several). */
export function stepMetricsSentence(step: ResultStep): string {
  if (step.attempts === 0) return `\`${step.status}\``;
  const attempts = step.attempts > 1 ? ` after ${step.attempts} attempts` : "";
  return (
    `\`${step.status}\`${attempts} in ${formatDuration(step.metrics.durationMs)}, ` +
    `peak memory ${formatBytes(stepMemory(step.metrics))}`
  );
}

/** `2026-11-25 18:11:18 UTC`: when a run started, the same for everyone reading it. */
export function runStartText(epochMs: number): string {
  return new Date(epochMs)
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, " UTC");
}
