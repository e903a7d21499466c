import type { WorkflowResult } from "../runtime/result";
import { StepStatus } from "../runtime/status";

/** `convert[5]` → its fan-out step `convert` and the index 5; undefined for an id without one. */
const INSTANCE_ID = /^(.*)\[(\d+)\]$/;

/**
 * Why a test's run has no step `id` that names a fan-out instance
 * (`convert[5]`, `release/convert[5]`), once its fan-out step read its items:
 * `the run had no convert[5] (step convert ran 3 instances, convert[0] to
 * convert[2])`. The checker refuses such an index only when the list is
 * written out; items read during the run (a param, a step's output, a glob)
 * are known only now, and a `fail:` or `expect step` naming an instance past
 * them would otherwise inject nothing, or hold for a step that never was.
 * Undefined when the run has that step, when `id` names no instance, or when
 * the fan-out step never read its items (the run stopped before it).
 */
export function absentInstance(result: WorkflowResult, id: string): string | undefined {
  const match = INSTANCE_ID.exec(id);
  if (!match) return undefined;
  const steps = result.stepResults;
  if (steps.some((s) => s.stepId === id)) return undefined;
  const fanOut = match[1]!;
  const count = steps.filter((s) => instanceOf(s.stepId) === fanOut).length;
  const step = steps.find((s) => s.stepId === fanOut);
  if (count === 0 && step?.status !== StepStatus.SKIPPED) return undefined;
  const ran =
    count === 0
      ? "had no items, so it ran no instance"
      : `ran ${count} instance${count > 1 ? "s" : ""}, ${fanOut}[0]${count > 1 ? ` to ${fanOut}[${count - 1}]` : ""}`;
  return `the run had no ${id} (step ${fanOut} ${ran})`;
}

/**
 * The status a test reads for instance `id` of a fan-out step that never
 * started, so never read its items (the run stopped before it): `not_run`,
 * as the step's. Undefined when the run has that step or `id` names no
 * instance of a step that ended so.
 */
export function instanceBeforeItems(result: WorkflowResult, id: string): string | undefined {
  const match = INSTANCE_ID.exec(id);
  if (!match) return undefined;
  const fanOut = result.stepResults.find((s) => s.stepId === match[1]);
  return fanOut?.status === StepStatus.NOT_RUN ? StepStatus.NOT_RUN : undefined;
}

function instanceOf(stepId: string): string | undefined {
  return INSTANCE_ID.exec(stepId)?.[1];
}
