/**
 * The "Change to `build`" of a misspelt step id in a read of another step
 * (`steps.bild.output`, `steps.bild.status`) reads a step the reader may not
 * need, which would be MF010 right where the fix wrote: so the fix also
 * makes the reader need it — by the rename of the reader's own misspelt
 * need of it (`needs: [biuld]`), else by adding it to its `needs`. Left a
 * plain rename when the reader needs it already, or when the step needs the
 * reader (a need would make a cycle).
 */
import type { TextEdit } from "vscode-languageserver/node";
import type { Diagnostic, Range, StepDeclaration } from "@momoflow/language";
import { needEdit, needsTransitively, readerAt } from "./add-need-fix";
import { sameRange } from "./edit-sites";
import { stepReads } from "./step-reads";
import type { QuickFix, QuickFixInput } from "./quick-fixes";

/** `fix` (a rename to the step `name`), with the edit that makes the reader need that step. */
export function withNeedOfRead(input: QuickFixInput, fix: QuickFix, name: string): QuickFix {
  const { diagnostic, result, document } = input;
  const at = diagnostic.data?.replaceRange;
  if (diagnostic.code !== "MF002" || !at) return fix;
  const found = readerAt(result.document.file.workflows ?? [], at);
  const reader = found?.step.name?.text;
  if (!found || !reader || !readsStepAt(found.step, at)) return fix;
  if (!found.workflow.steps?.some((s) => s?.name?.text === name)) return fix;
  if (needsTransitively(found.workflow, reader, name)) return fix;
  if (needsTransitively(found.workflow, name, reader)) return fix;
  const typo = misspeltNeed(result.diagnostics, found.step, name);
  if (typo)
    return {
      ...fix,
      title: `${fix.title}, in the needs of \`${reader}\` too`,
      edits: [...fix.edits, { range: typo, newText: name }],
    };
  const need: TextEdit | undefined = needEdit(document, found.step, name);
  if (!need) return fix;
  return {
    ...fix,
    title: `${fix.title} and add it to the needs of \`${reader}\``,
    edits: [...fix.edits, need],
  };
}

/** Whether `range` is the id of a `steps.<id>...` read of `step` (not of its `needs`). */
function readsStepAt(step: StepDeclaration, range: Range): boolean {
  return stepReads(step).some(({ ref }) => {
    const id = ref.segments[1];
    return id?.range !== undefined && sameRange(id.range, range);
  });
}

/** The range of an unknown id in `step`'s `needs` whose nearest "did you mean" is `name`. */
function misspeltNeed(
  diagnostics: readonly Diagnostic[],
  step: StepDeclaration,
  name: string,
): Range | undefined {
  const needs = step.properties?.find((p) => p?.name?.text === "needs")?.value;
  if (!needs) return undefined;
  const items = needs.kind === "list" ? (needs.items ?? []) : [needs];
  for (const item of items) {
    if (item?.kind !== "ref" || item.segments?.length !== 1) continue;
    const typo = diagnostics.find(
      (d) =>
        d.code === "MF002" &&
        d.data?.suggestions?.[0] === name &&
        d.data.replaceRange !== undefined &&
        sameRange(d.data.replaceRange, item.range),
    );
    if (typo) return item.range;
  }
  return undefined;
}
