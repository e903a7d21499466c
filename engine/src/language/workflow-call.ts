import type { CallExpression, Expression, StepDeclaration, WorkflowDeclaration } from "./ast";

/**
 * What separates a called workflow's step from the step that called it in
 * the run: `release/bump` is step `bump` of the workflow that step
 * `release` called. A step id never holds it, so the two cannot clash.
 */
export const CALL_SEPARATOR = "/";

/**
 * The properties a step that calls a workflow may have: the called steps
 * carry the rest. `for_each` and `max_parallel` make it call the workflow
 * once per item (language reference § Calling a workflow, "Fan-out").
 */
export const WORKFLOW_CALL_PROPERTIES: ReadonlySet<string> = new Set([
  "description",
  "needs",
  "run",
  "when",
  "for_each",
  "max_parallel",
]);

/** `workflow name(...)` when `expr` is one, else undefined. */
export function asWorkflowCall(expr: Expression | undefined): CallExpression | undefined {
  return expr?.kind === "call" && expr.workflow !== undefined ? expr : undefined;
}

/** The workflow call that is the step's `run`, if it is one. */
export function workflowCallOf(step: StepDeclaration): CallExpression | undefined {
  for (const property of step.properties ?? [])
    if (property?.name?.text === "run") return asWorkflowCall(property.value);
  return undefined;
}

/** The steps of a workflow that call workflows, with their calls, in declaration order. */
export function workflowCalls(
  workflow: WorkflowDeclaration,
): { step: StepDeclaration; call: CallExpression }[] {
  const calls: { step: StepDeclaration; call: CallExpression }[] = [];
  for (const step of workflow.steps ?? []) {
    const call = step && workflowCallOf(step);
    if (call?.callee?.text) calls.push({ step, call });
  }
  return calls;
}
