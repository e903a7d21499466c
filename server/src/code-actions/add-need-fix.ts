/**
 * "Add `build` to the needs of `deploy`" for MF010: a step reads the output
 * or status of a step it does not need, so the fix is what the message says —
 * the read step goes into the reader's `needs` (its list grows, a single
 * name becomes a list, a step without `needs` gets one before its first
 * property). Not offered when the read step already needs the reader,
 * directly or through others: the fix would make a cycle (MF003).
 */
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { TextEdit } from "vscode-languageserver/node";
import type { Expression, Range, StepDeclaration, WorkflowDeclaration } from "@momoflow/language";
import { indentationOf, lineBreakOf, startsLine } from "./edit-sites";
import { contains } from "../analysis/range-contains";
import type { QuickFix, QuickFixInput } from "./quick-fixes";

export function addNeedFixes({ diagnostic, result, document }: QuickFixInput): QuickFix[] {
  const id = diagnostic.data?.missingNeed;
  if (diagnostic.code !== "MF010" || !id) return [];
  const found = readerAt(result.document.file.workflows ?? [], diagnostic.range);
  const reader = found?.step.name?.text;
  if (!found || !reader || needsTransitively(found.workflow, id, reader)) return [];
  const edit = needEdit(document, found.step, id);
  if (!edit) return [];
  return [
    { title: `Add \`${id}\` to the needs of \`${reader}\``, edits: [edit], isPreferred: true },
  ];
}

/**
 * The edit that adds step `id` to the needs of `step` (which must not
 * make a cycle: see {@link needsTransitively}); undefined when the `needs`
 * written is no list or name.
 */
export function needEdit(
  document: TextDocument,
  step: StepDeclaration,
  id: string,
): TextEdit | undefined {
  const needs = step.properties?.find((p) => p?.name?.text === "needs");
  return needs
    ? needs.value && grownNeeds(document, needs.value, id)
    : newNeeds(document, step, id);
}

/**
 * The edit that adds `id` to the `needs` value `value`: after the last item
 * of a list, before the `]` of an empty one, or a single name turned into a
 * list; undefined for anything else.
 */
function grownNeeds(document: TextDocument, value: Expression, id: string): TextEdit | undefined {
  if (value.kind === "ref")
    return { range: value.range, newText: `[${document.getText(value.range)}, ${id}]` };
  if (value.kind !== "list") return undefined;
  const last = value.items?.[value.items.length - 1];
  if (last) return { range: { start: last.range.end, end: last.range.end }, newText: `, ${id}` };
  const close = document.offsetAt(value.range.end) - 1;
  if (document.getText().charAt(close) !== "]") return undefined;
  const at = document.positionAt(close);
  return { range: { start: at, end: at }, newText: id };
}

/** `needs: id` before the step's first property: on a line of its own when that property starts its line. */
function newNeeds(document: TextDocument, step: StepDeclaration, id: string): TextEdit | undefined {
  const first = step.properties?.find((p) => p?.range)?.range.start;
  if (!first) return undefined;
  if (!startsLine(document, first))
    return { range: { start: first, end: first }, newText: `needs: ${id} ` };
  const lineStart = { line: first.line, character: 0 };
  return {
    range: { start: lineStart, end: lineStart },
    newText: `${indentationOf(document, first.line)}needs: ${id}${lineBreakOf(document)}`,
  };
}

/** The workflow and step whose text holds `range`. */
export function readerAt(
  workflows: readonly (WorkflowDeclaration | undefined)[],
  range: Range,
): { workflow: WorkflowDeclaration; step: StepDeclaration } | undefined {
  for (const workflow of workflows) {
    if (!workflow?.range || !contains(workflow.range, range.start)) continue;
    for (const step of workflow.steps ?? [])
      if (step?.range && contains(step.range, range.start)) return { workflow, step };
  }
  return undefined;
}

/** Whether step `from` of `workflow` needs step `to`, directly or through other steps. */
export function needsTransitively(
  workflow: WorkflowDeclaration,
  from: string,
  to: string,
): boolean {
  const needsOf = new Map<string, string[]>();
  for (const step of workflow.steps ?? []) {
    const name = step?.name?.text;
    const value = step?.properties?.find((p) => p?.name?.text === "needs")?.value;
    if (!name || !value) continue;
    const items = value.kind === "list" ? (value.items ?? []) : [value];
    needsOf.set(
      name,
      items.flatMap((item) => (item?.kind === "ref" && item.segments?.[0]?.text) || []),
    );
  }
  const seen = new Set<string>();
  const pending = [from];
  while (pending.length > 0) {
    const step = pending.pop()!;
    if (step === to) return true;
    if (seen.has(step)) continue;
    seen.add(step);
    pending.push(...(needsOf.get(step) ?? []));
  }
  return false;
}
