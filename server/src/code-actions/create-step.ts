import type { TextDocument } from "vscode-languageserver-textdocument";
import type { StepDeclaration } from "@momoflow/language";
import type { QuickFix, QuickFixInput } from "./quick-fix";
import {
  firstLineWithDoc,
  indentationOf,
  isBlankLine,
  lineBreakOf,
  startsLine,
} from "./document-text";
import { stepNeedingAt } from "./syntax-search";

/**
 * "Create step `x`" for MF002 on an id in `needs`: a new `step x { run: "" }`
 * right before the step that needs it (above its doc comment), indented like
 * it, separated by a blank line when the steps are.
 */
export function createStepFixes({ diagnostic, result, document }: QuickFixInput): QuickFix[] {
  const id = diagnostic.data?.unknownStep;
  if (diagnostic.code !== "MF002" || !id || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(id)) return [];
  const found = stepNeedingAt(result.document.file, diagnostic.range);
  if (!found) return [];
  const { step } = found;
  const edit = startsLine(document, step.range.start)
    ? onItsOwnLines(document, step, id)
    : {
        range: { start: step.range.start, end: step.range.start },
        newText: `step ${id} { run: "" } `,
      };
  return [{ title: `Create step \`${id}\``, edits: [edit] }];
}

function onItsOwnLines(document: TextDocument, step: StepDeclaration, id: string) {
  const eol = lineBreakOf(document);
  const line = firstLineWithDoc(document, step.range.start.line);
  const indent = indentationOf(document, step.range.start.line);
  const unit = innerIndentation(document, step, indent);
  const blank = line > 0 && isBlankLine(document, line - 1) ? eol : "";
  const text = `${indent}step ${id} {${eol}${indent}${unit}run: ""${eol}${indent}}${eol}${blank}`;
  const at = { line, character: 0 };
  return { range: { start: at, end: at }, newText: text };
}

/** How much deeper than the step its properties are indented (two spaces when it cannot tell). */
function innerIndentation(document: TextDocument, step: StepDeclaration, indent: string): string {
  for (const property of step.properties ?? []) {
    const start = property?.range?.start;
    if (!start || start.line === step.range.start.line || !startsLine(document, start)) continue;
    const inner = indentationOf(document, start.line);
    if (inner.startsWith(indent) && inner.length > indent.length) return inner.slice(indent.length);
  }
  return indent.includes("\t") ? "\t" : "  ";
}
