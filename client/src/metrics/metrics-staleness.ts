import type { StepOutline } from "../outline/document-outline";

/** Where a step is: its name and the line of its name. */
export interface StepPlacement {
  name: string;
  line: number;
}

/** The steps of a workflow as placed in the document now, in source order. */
export function stepPlacements(steps: readonly StepOutline[]): StepPlacement[] {
  return steps.map((s) => ({ name: s.name, line: s.nameRange.start.line }));
}

/**
 * Whether a run's figures are stale for the workflow as the document shows it
 * now: the figures stay where their steps are, but read as "this was measured
 * on something else" once the workflow's structure changed.
 *
 * - `recordedSteps`: the step ids of the run (result.json);
 * - `baseline`: the steps' placement when the figures were first shown;
 * - `current`: the steps' placement now.
 *
 * Stale when the set of steps differs from the run's (a step added, removed
 * or renamed), or when any step moved, appeared, disappeared or changed order
 * since the baseline (lines inserted or removed inside or above the workflow).
 * Edits that keep every step on its line (a changed command, a description)
 * keep the figures.
 */
export function metricsAreStale(
  recordedSteps: readonly string[],
  baseline: readonly StepPlacement[],
  current: readonly StepPlacement[],
): boolean {
  const recorded = new Set(recordedSteps);
  const now = new Set(current.map((s) => s.name));
  if (recorded.size !== now.size || [...now].some((name) => !recorded.has(name))) return true;
  if (baseline.length !== current.length) return true;
  return current.some((s, i) => s.name !== baseline[i]!.name || s.line !== baseline[i]!.line);
}
