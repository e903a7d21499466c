import type { WorkflowResult } from "../runtime/result";
import { StepStatus } from "../runtime/status";

/** `convert[5]` → its fan-out step `convert` and the index 5; undefined for an id without one. */
const INSTANCE_ID = /^(.*)\[(\d+)\]$/;

/** Each instance index in a step's id: at its end (`convert[5]`), or before a `/` (`deploy[5]/tag`). */
const INSTANCE_IN_ID = /\[\d+\](?=\/|$)/g;

/**
 * Why a test's run has no step `id` that names a fan-out instance
 * (`convert[5]`, `release/convert[5]`) or a step of one that calls a
 * workflow (`deploy[5]/tag`), once its fan-out step read its items:
 * `the run had no convert[5] (step convert ran 3 instances, convert[0] to
 * convert[2])`. The checker refuses such an index only when the list is
 * written out; items read during the run (a param, a step's output, a glob)
 * are known only now, and a `fail:` or `expect step` naming an instance past
 * them would otherwise inject nothing, or hold for a step that never was.
 * Undefined when the run has that step, when `id` names no instance, or when
 * the fan-out step never read its items (the run stopped before it).
 */
export function absentInstance(result: WorkflowResult, id: string): string | undefined {
  const steps = result.stepResults;
  if (steps.some((s) => s.stepId === id)) return undefined;
  const missing = missingInstance(result, id);
  if (!missing) return undefined;
  const { fanOut } = missing;
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
  const missing = missingInstance(result, id);
  if (!missing) return undefined;
  const fanOut = result.stepResults.find((s) => s.stepId === missing.fanOut);
  return fanOut?.status === StepStatus.NOT_RUN ? StepStatus.NOT_RUN : undefined;
}

/**
 * The first instance on the way to `id` that the run does not have, and
 * its fan-out step: `convert[5]` of `convert`; for a step of a call made per
 * item, the call's instance (`deploy[5]` of `deploy` for `deploy[5]/tag`).
 * Undefined when `id` names no instance, or the run has each of them.
 */
function missingInstance(
  result: WorkflowResult,
  id: string,
): { instance: string; fanOut: string } | undefined {
  for (const match of id.matchAll(INSTANCE_IN_ID)) {
    const instance = id.slice(0, match.index + match[0].length);
    if (!result.stepResults.some((s) => s.stepId === instance))
      return { instance, fanOut: id.slice(0, match.index) };
  }
  return undefined;
}

function instanceOf(stepId: string): string | undefined {
  return INSTANCE_ID.exec(stepId)?.[1];
}
