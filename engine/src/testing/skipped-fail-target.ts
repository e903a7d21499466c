import type { WorkflowResult } from "../runtime/result";
import { StepStatus } from "../runtime/status";

/** The id a step id is part of: `deploy[1]` of `deploy[1]/tag`, `convert` of `convert[1]`; undefined at the top. */
function enclosingId(id: string): string | undefined {
  const cut = Math.max(id.lastIndexOf("/"), id.endsWith("]") ? id.lastIndexOf("[") : -1);
  return cut > 0 ? id.slice(0, cut) : undefined;
}

/**
 * Why a test's `fail: <id>` injected nothing because its run skipped that
 * step — its `when` was false, or the step calling it or fanning it out was
 * skipped: `step rel was skipped (when: n > 5 is false)`, naming the
 * outermost skipped step on the way. A skipped step never runs, so nothing
 * failed, and what the test expects of that failure proves nothing.
 * Undefined when no step on the way was skipped.
 */
export function skippedFailTarget(result: WorkflowResult, id: string): string | undefined {
  let skipped: { stepId: string; reason?: string } | undefined;
  for (let at: string | undefined = id; at !== undefined; at = enclosingId(at)) {
    const step = result.stepResults.find((s) => s.stepId === at);
    if (step?.status === StepStatus.SKIPPED) skipped = step;
  }
  if (!skipped) return undefined;
  return `step ${skipped.stepId} was skipped${skipped.reason ? ` (${skipped.reason})` : ""}`;
}
