/**
 * "Create step `deploy`" for MF002 on an id in `needs`: a new step right
 * before the step that needs it (above its doc comment), indented like it,
 * separated by a blank line when the steps are. The new step is one the
 * checker takes as it is — `run: ""` and `rollback: none`, so no MF011
 * follows when a reversible step comes after it, and `output: json` when a
 * step of the workflow reads fields or items of its output — with a tab
 * stop on the command to write and on the `none` to replace by an undo,
 * for editors that take snippets (as rust-analyzer's "generate function"
 * leaves a `todo!()` to type over).
 */
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { TextEdit } from "vscode-languageserver/node";
import type { StepDeclaration, WorkflowDeclaration } from "@momoflow/language";
import { stepReads } from "./step-reads";
import {
  firstLineWithDoc,
  indentationOf,
  isBlankLine,
  lineBreakOf,
  startsLine,
  stepNeedingAt,
} from "./edit-sites";
import type { QuickFix, QuickFixInput } from "./quick-fixes";

export function createStepFixes({ diagnostic, result, document }: QuickFixInput): QuickFix[] {
  const id = diagnostic.data?.unknownStep;
  if (diagnostic.code !== "MF002" || !id || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(id)) return [];
  const found = stepNeedingAt(result.document.file, diagnostic.range);
  if (!found) return [];
  const json = readsStructuredOutput(found.workflow, id);
  const edit = (snippet: boolean): TextEdit =>
    stepInsertion(document, found.step, id, newStepProperties(json, snippet));
  return [{ title: `Create step \`${id}\``, edits: [edit(false)], snippetEdits: [edit(true)] }];
}

/** The new step's properties as written, as plain text or as a snippet (`id` is no snippet syntax). */
function newStepProperties(json: boolean, snippet: boolean): string[] {
  return [
    snippet ? 'run: "$1"' : 'run: ""',
    ...(json ? ["output: json"] : []),
    snippet ? "rollback: ${2:none}" : "rollback: none",
  ];
}

/** `step id { ... }` before `step`: on lines of its own when `step` starts its line, else on its line. */
function stepInsertion(
  document: TextDocument,
  step: StepDeclaration,
  id: string,
  properties: readonly string[],
): TextEdit {
  if (!startsLine(document, step.range.start)) {
    const at = step.range.start;
    return { range: { start: at, end: at }, newText: `step ${id} { ${properties.join(" ")} } ` };
  }
  const eol = lineBreakOf(document);
  const line = firstLineWithDoc(document, step.range.start.line);
  const indent = indentationOf(document, step.range.start.line);
  const inner = indent + innerIndentation(document, step, indent);
  const blank = line > 0 && isBlankLine(document, line - 1) ? eol : "";
  const body = properties.map((p) => `${inner}${p}${eol}`).join("");
  const at = { line, character: 0 };
  return {
    range: { start: at, end: at },
    newText: `${indent}step ${id} {${eol}${body}${indent}}${eol}${blank}`,
  };
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

/**
 * Whether a step of `workflow` reads a field or an item of step `id`'s
 * output (`steps.id.output.name`, `steps.id.output[0]`), or takes its
 * items for a `for_each`: then its output is JSON.
 */
function readsStructuredOutput(workflow: WorkflowDeclaration, id: string): boolean {
  return (workflow.steps ?? []).some((step) =>
    stepReads(step).some(({ ref, property }) => {
      const [, step, field, more] = ref.segments;
      const output = step?.text === id && field?.text === "output";
      return (
        output &&
        (more !== undefined || (property.value === ref && property.name?.text === "for_each"))
      );
    }),
  );
}
