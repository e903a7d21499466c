import type { StepDeclaration } from "./ast";
import { calledKnownLists, NO_KNOWN_LISTS, type ListScope } from "./known-list";
import type { WorkflowSymbol } from "./scope";
import { workflowCallOf } from "./workflow-call";

/** A step a test's path names, and where its `for_each` reads its items. */
export interface ScopedPathStep {
  decl: StepDeclaration;
  /** The workflow that declares the step, with the lists its params are known to hold. */
  scope: ListScope;
}

/**
 * The steps of a test's path (`given`, `convert` of `given/convert[2]`),
 * from the tested workflow down through the workflows they call, each with
 * its list scope: the tested workflow knows none of its params (a test's
 * `params` or `--param` may give any list); a workflow a step calls knows
 * the lists the call gives it written out, or its defaults written out
 * (`calledKnownLists`), through nested calls. As far as the names lead: a
 * name that is no step, or a call of an unknown workflow, ends the list.
 */
export function testStepScopes(
  steps: readonly string[],
  workflow: WorkflowSymbol,
  workflows: ReadonlyMap<string, WorkflowSymbol>,
): ScopedPathStep[] {
  const found: ScopedPathStep[] = [];
  let current: WorkflowSymbol | undefined = workflow;
  let scope: ListScope = { decl: workflow.decl, known: NO_KNOWN_LISTS };
  for (const name of steps) {
    const decl = current?.decl.steps?.find((s) => s?.name?.text === name);
    if (!current || !decl) break;
    found.push({ decl, scope });
    const call = workflowCallOf(decl);
    current = call && workflows.get(call.callee?.text ?? "");
    if (!call || !current) break;
    // A call once per item may give the item, which is no known list.
    const item = decl.properties?.find((p) => p?.name?.text === "for_each")?.item?.text;
    scope = { decl: current.decl, known: calledKnownLists(call, { ...scope, item }, current.decl) };
  }
  return found;
}
