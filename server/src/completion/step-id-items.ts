/** Step ids: in `needs`, a test's `fail`, `expect step`/`output`, and `steps.<id>`. */
import type { WorkflowDeclaration } from "../../../engine/src/language/ast";
import { CompletionItemKind } from "vscode-languageserver/node";
import { propertyText } from "../analysis/declaration-text";
import type { ItemBuilder } from "./item-builder";

/** Adds the ids of `workflow`'s steps but `exclude`; `insert` writes each (default: the id). */
export function addStepIds(
  builder: ItemBuilder,
  workflow: WorkflowDeclaration | undefined,
  exclude: ReadonlySet<string>,
  insert: (id: string) => string = (id) => id,
): void {
  for (const step of workflow?.steps ?? []) {
    const id = step?.name?.text;
    if (!id || exclude.has(id)) continue;
    builder.add(id, CompletionItemKind.Reference, {
      insert: insert(id),
      detail: `step ${id} of ${workflow!.name?.text ?? "the workflow"}`,
      documentation: step.doc ?? propertyText(step.properties, "description"),
    });
  }
}
