/**
 * "Declare `output: json` on step `stats`" for a text output read as JSON —
 * a field of it (MF008) or its items for a `for_each` (MF017) — as their
 * messages say: the step's `output: text` becomes `json`, or `output: json`
 * is added as its last property. Not offered when the output is a called
 * workflow's (the checker gives no step then).
 */
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { TextEdit } from "vscode-languageserver/node";
import type { Range, StepDeclaration, WorkflowDeclaration } from "@momoflow/language";
import { contains } from "../analysis/range-contains";
import { indentationOf, lineBreakOf, lineText } from "./edit-sites";
import type { QuickFix, QuickFixInput } from "./quick-fixes";

export function declareJsonFixes({ diagnostic, result, document }: QuickFixInput): QuickFix[] {
  const id = diagnostic.data?.declareJsonOutput;
  if ((diagnostic.code !== "MF008" && diagnostic.code !== "MF017") || !id) return [];
  const workflow = workflowAt(result.document.file.workflows ?? [], diagnostic.range);
  const step = workflow?.steps?.find((s) => s?.name?.text === id);
  const edit = step && declareJson(document, step);
  if (!edit) return [];
  return [
    { title: `Declare \`output: json\` on step \`${id}\``, edits: [edit], isPreferred: true },
  ];
}

/** The edit that makes `step`'s output JSON; undefined when its text is not as expected. */
function declareJson(document: TextDocument, step: StepDeclaration): TextEdit | undefined {
  const output = step.properties?.find((p) => p?.name?.text === "output");
  if (output?.value) return { range: output.value.range, newText: "json" };
  if (output) return undefined;
  const close = document.positionAt(document.offsetAt(step.range.end) - 1);
  if (document.getText({ start: close, end: step.range.end }) !== "}") return undefined;
  const before = lineText(document, close.line).slice(0, close.character);
  if (before.trim() !== "")
    return { range: { start: close, end: close }, newText: "output: json " };
  // `}` on a line of its own: a line before it, indented as the step's last property.
  const last = step.properties?.[step.properties.length - 1]?.range.start.line;
  const indentation =
    last !== undefined && last !== step.range.start.line
      ? indentationOf(document, last)
      : `${indentationOf(document, close.line)}  `;
  const lineStart = { line: close.line, character: 0 };
  return {
    range: { start: lineStart, end: lineStart },
    newText: `${indentation}output: json${lineBreakOf(document)}`,
  };
}

/** The workflow whose text holds `range`. */
function workflowAt(
  workflows: readonly (WorkflowDeclaration | undefined)[],
  range: Range,
): WorkflowDeclaration | undefined {
  return workflows.find((w) => w?.range && contains(w.range, range.start));
}
