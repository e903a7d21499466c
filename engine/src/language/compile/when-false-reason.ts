import type { WorkflowContext } from "../../runtime/context";
import type { Expression } from "../ast";
import { expressionText } from "../expression-text";

/** Longest condition quoted whole in a reason: the live line and the summary's note stay one line. */
const MAX_CONDITION = 120;

/**
 * Why a step's own `when` skipped it, for the skipped step's `reason`: the
 * condition as written, on one line (`when: env.TARGET == "prod" is false`),
 * cut with `…` past {@link MAX_CONDITION} characters.
 *
 * A step of a called workflow is also held by the `when` of the steps that
 * called it (`gate`): when one of those was false, its own was never asked,
 * and no reason is given (the calling step is skipped too, and shows as such).
 */
export function whenFalseReason(
  when: Expression,
  gate?: (context: WorkflowContext) => boolean,
): (context: WorkflowContext) => string | undefined {
  const text = expressionText(when);
  const condition = text.length > MAX_CONDITION ? `${text.slice(0, MAX_CONDITION - 1)}…` : text;
  const reason = `when: ${condition} is false`;
  if (!gate) return () => reason;
  return (context) => {
    try {
      return gate(context) ? reason : undefined;
    } catch {
      // It held a moment ago, when the step's `when` read it: no reason rather than a wrong one.
      return undefined;
    }
  };
}
