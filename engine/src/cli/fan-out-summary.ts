import type { FinishedStepResult } from "../runtime/result";

/**
 * The compact figure of a fan-out step's row in the summary: how its
 * instances (the rows right after it, `convert[0]`…) ended, as
 * `5 instances: 2 ✓ 1 ✗ 1 skipped 1 not run` (↶ for the undone ones);
 * undefined for a step without instances. A skipped instance (its `when`
 * was false) did not run: it is counted apart, not among the successes.
 */
export function fanOutFigure(
  results: readonly FinishedStepResult[],
  at: number,
): string | undefined {
  const prefix = `${results[at]!.stepId}[`;
  const counts = { done: 0, failed: 0, undone: 0, skipped: 0, notRun: 0 };
  for (let i = at + 1; i < results.length && results[i]!.stepId.startsWith(prefix); i++) {
    const status = results[i]!.status;
    if (status === "success") counts.done++;
    else if (status === "skipped") counts.skipped++;
    else if (status === "rolled_back") counts.undone++;
    else if (status === "not_run") counts.notRun++;
    else counts.failed++;
  }
  const count = counts.done + counts.failed + counts.undone + counts.skipped + counts.notRun;
  if (count === 0) return undefined;
  const parts = [`${counts.done} ✓`];
  if (counts.failed > 0) parts.push(`${counts.failed} ✗`);
  if (counts.undone > 0) parts.push(`${counts.undone} ↶`);
  if (counts.skipped > 0) parts.push(`${counts.skipped} skipped`);
  if (counts.notRun > 0) parts.push(`${counts.notRun} not run`);
  return `${count} instance${count === 1 ? "" : "s"}: ${parts.join(" ")}`;
}
