import type { WorkflowResult } from "../runtime/result";
import { CALL_SEPARATOR } from "../language/workflow-call";

/**
 * Why step `id` of a test's run, a step that called a workflow, has no
 * output: a call's output is its workflow's last step's (followed through
 * nested calls), and that step gave none — `a call's output is its
 * workflow's last step's, and release/notify ended skipped`. A step that
 * printed nothing gave "", but a call whose last step never ran gave
 * nothing, and `expect output release != "x"` must not hold for it.
 * Undefined when `id` called no workflow.
 */
export function missingCallOutput(result: WorkflowResult, id: string): string | undefined {
  const last = lastCalledStep(result, id);
  if (!last) return undefined;
  const deeper = missingCallOutput(result, last.stepId);
  if (deeper) return deeper;
  const ended = last.status === "success" ? "gave none" : `ended ${last.status}`;
  return `a call's output is its workflow's last step's, and ${last.stepId} ${ended}`;
}

/**
 * The called workflow's last step: the last of the steps named
 * `<id>/<step>` in the run's order (a call's steps come before it, its own
 * calls' steps before their calling step), leaving out fan-out instances.
 */
function lastCalledStep(result: WorkflowResult, id: string) {
  const prefix = id + CALL_SEPARATOR;
  return result.stepResults.findLast((s) => {
    if (!s.stepId.startsWith(prefix)) return false;
    const name = s.stepId.slice(prefix.length);
    return !name.includes(CALL_SEPARATOR) && !name.endsWith("]");
  });
}
