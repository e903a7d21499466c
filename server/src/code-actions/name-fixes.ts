/**
 * Quick fixes about names: "Change to `build`" for an unknown name's
 * suggestions, "Create step" for a step that is needed but not declared, and
 * "Remove" for a declaration nothing uses.
 */
import type { DiagnosticCode, StepDeclaration, Range } from "@momoflow/language";
import type { QuickFix, QuickFixInput } from "./quick-fix";
import type { TextDocument } from "vscode-languageserver-textdocument";
import {
  firstLineWithDoc,
  indentationOf,
  isBlankLine,
  lineBreakOf,
  startsLine,
  endsLine,
  lineText,
  nextNonSpace,
  startOfNextLine,
} from "./document-text";
import { stepNeedingAt, valueDeclarationAt } from "./syntax-search";

/** The codes whose data carries "did you mean" suggestions (language.md §7). */
const CODES: ReadonlySet<DiagnosticCode> = new Set(["MF002", "MF005", "MF006", "MF008", "MF009"]);

/**
 * "Change to `build`" for each suggestion of an unknown name, nearest first
 * (the nearest is preferred): replaces the name the diagnostic is on.
 */
export function didYouMeanFixes({ diagnostic, document }: QuickFixInput): QuickFix[] {
  const { suggestions, replaceRange } = diagnostic.data ?? {};
  if (!CODES.has(diagnostic.code) || !suggestions?.length || !replaceRange) return [];
  const current = document.getText(replaceRange);
  return suggestions
    .filter((name) => name !== current)
    .map((name, index) => ({
      title: `Change to \`${name}\``,
      edits: [{ range: replaceRange, newText: name }],
      isPreferred: index === 0,
    }));
}

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

/**
 * "Remove unused param `x`" / "Remove unused var `x`" for MF012: deletes the
 * declaration with its `///` doc and a comment that ends its line, as whole
 * lines when it has its lines to itself (and one blank line, when removing it
 * would leave two in a row, one right after `{` or one right before `}`).
 */
export function removeUnusedFixes({ diagnostic, result, document }: QuickFixInput): QuickFix[] {
  const range = diagnostic.data?.unusedDeclaration;
  if (diagnostic.code !== "MF012" || !range) return [];
  const decl = valueDeclarationAt(result.document.file, range);
  if (!decl?.name?.text) return [];
  return [
    {
      title: `Remove unused ${decl.kind} \`${decl.name.text}\``,
      edits: [{ range: deletion(document, range), newText: "" }],
    },
  ];
}

function deletion(document: TextDocument, decl: Range): Range {
  if (startsLine(document, decl.start) && endsLine(document, decl.end)) {
    let first = firstLineWithDoc(document, decl.start.line);
    let last = decl.end.line;
    const previous = first - 1;
    const above = previous < 0 ? "" : lineText(document, previous).trim();
    const blankAbove = previous < 0 || above === "" || above.endsWith("{");
    if (blankAbove && last + 1 < document.lineCount - 1 && isBlankLine(document, last + 1)) last++;
    else if (
      previous >= 0 &&
      above === "" &&
      lineText(document, last + 1)
        .trim()
        .startsWith("}")
    )
      first = previous;
    return { start: { line: first, character: 0 }, end: startOfNextLine(document, last) };
  }
  // Shares its line with something else: remove it and the spaces after it.
  const after = nextNonSpace(document, document.offsetAt(decl.end));
  const sameLine = after && document.positionAt(after.offset).line === decl.end.line;
  return { start: decl.start, end: sameLine ? document.positionAt(after.offset) : decl.end };
}
