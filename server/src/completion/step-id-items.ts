/** Step ids: in `needs`, a test's `fail`, `expect step`/`output`, and `steps.<id>`. */
import { type StepDeclaration, type WorkflowDeclaration, workflowSteps } from "@momoflow/language";
import { CompletionItemKind } from "vscode-languageserver/node";
import { propertyText } from "../analysis/declaration-text";
import type { ItemBuilder } from "./item-builder";

/** Adds the ids of `workflow`'s steps that `keep` accepts; `insert` writes each (default: the id). */
export function addStepIds(
  builder: ItemBuilder,
  workflow: WorkflowDeclaration | undefined,
  keep: (id: string) => boolean,
  insert: (id: string) => string = (id) => id,
): void {
  for (const step of workflow?.steps ?? []) {
    const id = step?.name?.text;
    if (!id || !keep(id)) continue;
    builder.add(id, CompletionItemKind.Reference, {
      insert: insert(id),
      detail: `step ${id} of ${workflow!.name?.text ?? "the workflow"}`,
      documentation: step.doc ?? propertyText(step.properties, "description"),
    });
  }
}

/** Keeps every step id but those of `exclude`. */
export function allBut(exclude: Iterable<string>): (id: string) => boolean {
  const excluded = new Set(exclude);
  return (id) => !excluded.has(id);
}

/**
 * The ids `step` may add to its `needs` (beside those `listed` already): no
 * step that would make a cycle — itself, or one that needs it — by the
 * checker's own graph of the workflow (MF003).
 */
export function needableSteps(
  workflow: WorkflowDeclaration | undefined,
  step: StepDeclaration | undefined,
  listed: Iterable<string>,
): (id: string) => boolean {
  const excluded = new Set(listed);
  const located = locate(workflow, step);
  if (!located) {
    if (step?.name?.text) excluded.add(step.name.text);
    return (id) => !excluded.has(id);
  }
  const { graph, ids, at } = located;
  return (id) => !excluded.has(id) && !graph.wouldCycle(at, ids.get(id)!);
}

/**
 * The ids whose output `step` may read in `${steps.<id>.output}`: the steps
 * it needs, directly or not, and itself in its rollback — the checker's rule
 * for MF010, asked of the checker's graph.
 */
export function readableSteps(
  workflow: WorkflowDeclaration | undefined,
  step: StepDeclaration | undefined,
  inRollback: boolean,
): (id: string) => boolean {
  const located = locate(workflow, step);
  if (!located) {
    // No step to ask about (its name is still being written): any but its own.
    const current = step?.name?.text;
    return (id) => inRollback || id !== current;
  }
  const { graph, ids, at } = located;
  return (id) => graph.mayRead(at, ids.get(id)!, inRollback);
}

/** The workflow's graph and `step`'s number in it, when the step is one of the workflow's. */
function locate(workflow: WorkflowDeclaration | undefined, step: StepDeclaration | undefined) {
  if (!workflow || !step) return undefined;
  const { steps, index, graph } = workflowSteps(workflow);
  const at = steps.indexOf(step);
  return at < 0 ? undefined : { graph, ids: index.ids, at };
}
