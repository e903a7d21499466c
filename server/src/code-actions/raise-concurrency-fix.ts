/**
 * "Set the workflow's `concurrency` to 4" for MF022: a step's `max_parallel`
 * above the workflow's concurrency runs no more instances at once than that
 * concurrency, as its message says; the fix raises the workflow's
 * `concurrency` to the bound, over the value written there or as a new
 * first line of the workflow (on its line when the workflow is one line).
 */
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { TextEdit } from "vscode-languageserver/node";
import type { Range, WorkflowDeclaration } from "@momoflow/language";
import { contains } from "../analysis/range-contains";
import { endsLine, indentationOf, lineBreakOf, nextNonSpace } from "./edit-sites";
import type { QuickFix, QuickFixInput } from "./quick-fixes";

export function raiseConcurrencyFixes({ diagnostic, result, document }: QuickFixInput): QuickFix[] {
  const bound = diagnostic.data?.raiseConcurrency;
  if (diagnostic.code !== "MF022" || bound === undefined) return [];
  const workflow = (result.document.file.workflows ?? []).find(
    (w) => w?.range && contains(w.range, diagnostic.range.start),
  );
  const edit = workflow && setConcurrency(document, workflow, bound);
  if (!edit) return [];
  return [
    { title: `Set the workflow's \`concurrency\` to ${bound}`, edits: [edit], isPreferred: true },
  ];
}

/** The edit that makes the workflow's concurrency `bound`; undefined when its text is not as expected. */
function setConcurrency(
  document: TextDocument,
  workflow: WorkflowDeclaration,
  bound: number,
): TextEdit | undefined {
  const written = workflow.properties?.find((p) => p?.name?.text === "concurrency");
  if (written?.value) return { range: written.value.range, newText: `${bound}` };
  if (written) return undefined;
  const open = workflow.bodyRange?.start;
  if (!open || document.getText(rangeOfOne(open)) !== "{") return undefined;
  const afterOpen = { line: open.line, character: open.character + 1 };
  if (endsLine(document, afterOpen)) {
    // A line of its own after `{`, indented as the workflow's first member.
    const first = workflow.members?.[0]?.range.start.line;
    const indentation =
      first !== undefined && first !== open.line
        ? indentationOf(document, first)
        : `${indentationOf(document, open.line)}  `;
    const lineStart = { line: open.line + 1, character: 0 };
    return {
      range: { start: lineStart, end: lineStart },
      newText: `${indentation}concurrency: ${bound}${lineBreakOf(document)}`,
    };
  }
  const next = nextNonSpace(document, document.offsetAt(afterOpen));
  if (!next) return undefined;
  const at = document.positionAt(next.offset);
  return { range: { start: at, end: at }, newText: `concurrency: ${bound} ` };
}

/** The range of the one character at `start`. */
function rangeOfOne(start: Range["start"]): Range {
  return { start, end: { line: start.line, character: start.character + 1 } };
}
