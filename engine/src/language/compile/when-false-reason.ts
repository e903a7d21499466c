import type { WorkflowContext } from "../../runtime/context";
import type { Expression } from "../ast";
import { expressionText } from "../expression-text";

/** Longest condition quoted whole in a reason: the live line and the summary's note stay one line. */
const MAX_CONDITION = 120;

/**
 * Why the calling steps' `when` holds a called workflow's steps back: the
 * reason of the outermost call whose `when` is false (`its call release was
 * skipped: when: go is false`), undefined when every one holds.
 * @throws Error when a condition reads what the context does not hold.
 */
export type CallGateReason = (context: WorkflowContext) => string | undefined;

/** A `when` as a reason, on one line: `when: env.TARGET == "prod" is false`, cut with `…` when long. */
export function whenFalseText(when: Expression): string {
  const text = expressionText(when);
  const condition = text.length > MAX_CONDITION ? `${text.slice(0, MAX_CONDITION - 1)}…` : text;
  return `when: ${condition} is false`;
}

/**
 * Why a step's own `when` skipped it, for the skipped step's `reason`: the
 * condition as written, on one line (`when: env.TARGET == "prod" is false`),
 * cut with `…` past {@link MAX_CONDITION} characters.
 *
 * A step of a called workflow is also held by the `when` of the steps that
 * called it (`gate`): when one of those was false, its own was never asked,
 * and the reason is the call's (see {@link calledStepReason}).
 */
export function whenFalseReason(
  when: Expression,
  gate?: CallGateReason,
): (context: WorkflowContext) => string | undefined {
  const reason = whenFalseText(when);
  if (!gate) return () => reason;
  return calledStepReason(gate, reason);
}

/**
 * Why a called workflow's step was skipped: the call's reason when a calling
 * step's `when` was false, else `own` (its own `when`'s, if it has one).
 */
export function calledStepReason(
  gate: CallGateReason,
  own?: string,
): (context: WorkflowContext) => string | undefined {
  return (context) => {
    try {
      return gate(context) ?? own;
    } catch {
      // It held a moment ago, when the step's `when` read it: no reason rather than a wrong one.
      return undefined;
    }
  };
}
