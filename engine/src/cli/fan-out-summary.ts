import type { FinishedStepResult } from "../runtime/result";

/**
 * The compact figure of a fan-out step's row in the summary: how its
 * instances (the rows right after it, `convert[0]`…) ended, as
 * `5 instances: 2 ✓ 1 ✗ 2 not run` (↶ for the undone ones); undefined for a step without instances.
 */
export function fanOutFigure(
  results: readonly FinishedStepResult[],
  at: number,
): string | undefined {
  const prefix = `${results[at]!.stepId}[`;
  const counts = { done: 0, failed: 0, undone: 0, notRun: 0 };
  for (let i = at + 1; i < results.length && results[i]!.stepId.startsWith(prefix); i++) {
    const status = results[i]!.status;
    if (status === "success" || status === "skipped") counts.done++;
    else if (status === "rolled_back") counts.undone++;
    else if (status === "not_run") counts.notRun++;
    else counts.failed++;
  }
  const count = counts.done + counts.failed + counts.undone + counts.notRun;
  if (count === 0) return undefined;
  const parts = [`${counts.done} ✓`];
  if (counts.failed > 0) parts.push(`${counts.failed} ✗`);
  if (counts.undone > 0) parts.push(`${counts.undone} ↶`);
  if (counts.notRun > 0) parts.push(`${counts.notRun} not run`);
  return `${count} instance${count === 1 ? "" : "s"}: ${parts.join(" ")}`;
}
