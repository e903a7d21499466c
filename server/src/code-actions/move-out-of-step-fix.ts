/**
 * "Move `param q` above step `s`" for the MF001 of a workflow's `param` or
 * `var` written inside a step: its lines (with the `//` comment lines right
 * above it and the comment after it) leave the step and go above the step,
 * above the step's own comment lines, indented as the step is.
 */
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { ParamDeclaration, Range, SourceFile, VarDeclaration } from "@momoflow/language";
import {
  endsLine,
  indentationOf,
  lineBreakOf,
  lineText,
  samePosition,
  startsLine,
} from "./edit-sites";
import type { QuickFix, QuickFixInput } from "./quick-fixes";

/** The move of the member the MF001 is on, when it sits on lines of its own below its step's line. */
export function moveOutOfStepFixes({ diagnostic, document, result }: QuickFixInput): QuickFix[] {
  const step = diagnostic.data?.moveAboveStep;
  if (diagnostic.code !== "MF001" || !step) return [];
  const member = memberAt(result.document.file, diagnostic.range);
  if (!member?.name?.text || !member.range) return [];
  const { start, end } = member.range;
  // Only a member on lines of its own moves whole, and only from below its step's line.
  if (!startsLine(document, start) || !endsLine(document, end) || start.line <= step.start.line)
    return [];
  const first = firstCommentLine(document, start.line, step.start.line + 1);
  const above = firstCommentLine(document, step.start.line, 0);
  const from = indentationOf(document, start.line);
  const to = indentationOf(document, step.start.line);
  const lineBreak = lineBreakOf(document);
  const moved: string[] = [];
  for (let line = first; line <= end.line; line++) {
    const text = lineText(document, line);
    moved.push(to + (text.startsWith(from) ? text.slice(from.length) : text.trimStart()));
  }
  return [
    {
      title: `Move \`${member.kind} ${member.name.text}\` above the step`,
      edits: [
        {
          range: emptyAt({ line: above, character: 0 }),
          newText: moved.join(lineBreak) + lineBreak,
        },
        {
          range: {
            start: { line: first, character: 0 },
            end: { line: end.line + 1, character: 0 },
          },
          newText: "",
        },
      ],
      isPreferred: true,
    },
  ];
}

/** The workflow's param or var whose keyword the diagnostic starts at. */
function memberAt(file: SourceFile, at: Range): ParamDeclaration | VarDeclaration | undefined {
  for (const workflow of file.workflows ?? []) {
    for (const decl of [...(workflow?.params ?? []), ...(workflow?.vars ?? [])]) {
      if (decl?.range && samePosition(decl.range.start, at.start)) return decl;
    }
  }
  return undefined;
}

/** The first of the `//` comment lines directly above `line` (not above `lowest`), else `line`. */
function firstCommentLine(document: TextDocument, line: number, lowest: number): number {
  let first = line;
  while (
    first - 1 >= lowest &&
    lineText(document, first - 1)
      .trim()
      .startsWith("//")
  )
    first--;
  return first;
}

function emptyAt(position: Range["start"]): Range {
  return { start: position, end: position };
}
