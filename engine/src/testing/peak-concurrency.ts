import type { TestWorkflowStep } from "./test-workflow-step";

/**
 * The largest number of attempts of `steps` that were running at the same
 * moment, from the start and end times the steps recorded. An attempt that
 * ends exactly when another starts does not overlap it.
 */
export function peakConcurrency(steps: readonly TestWorkflowStep[]): number {
  const edges: [time: number, delta: number][] = [];
  for (const step of steps) {
    for (const e of step.executions) {
      edges.push([e.start, 1]);
      // A still-running attempt counts until the end of time.
      edges.push([Number.isNaN(e.end) ? Infinity : e.end, -1]);
    }
  }
  // Ends sort before starts at the same time, so touching intervals do not count as overlapping.
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let running = 0;
  let peak = 0;
  for (const [, delta] of edges) {
    running += delta;
    peak = Math.max(peak, running);
  }
  return peak;
}
