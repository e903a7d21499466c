/**
 * "Move `param q` above step `s`" for the MF001 of a workflow's `param` or
 * `var` written inside a step: its lines (with the comments on lines of
 * their own right above it, `//` and `/*` ones alike, and the comments after
 * it on its last line, a `/*` one to its end on a later line) leave the
 * step and go above the step, above the step's own comment lines, indented
 * as the step is. A comment a blank line parts from it stays.
 */
import type { TextDocument } from "vscode-languageserver-textdocument";
import type {
  Comment,
  ParamDeclaration,
  Position,
  Range,
  SourceFile,
  VarDeclaration,
} from "@momoflow/language";
import { indentationOf, lineBreakOf, lineText, samePosition, startsLine } from "./edit-sites";
import type { QuickFix, QuickFixInput } from "./quick-fixes";

/** The move of the member the MF001 is on, when it sits on lines of its own below its step's line. */
export function moveOutOfStepFixes({ diagnostic, document, result }: QuickFixInput): QuickFix[] {
  const step = diagnostic.data?.moveAboveStep;
  if (diagnostic.code !== "MF001" || !step) return [];
  const member = memberAt(result.document.file, diagnostic.range);
  if (!member?.name?.text || !member.range) return [];
  const { start } = member.range;
  const comments = result.document.file.comments ?? [];
  const end = endOfTrailingComments(document, comments, member.range.end);
  // Only a member on lines of its own moves whole, and only from below its step's line.
  if (!startsLine(document, start) || end === undefined || start.line <= step.start.line) return [];
  const first = firstCommentLine(document, comments, start.line, step.start.line + 1);
  const above = firstCommentLine(document, comments, step.start.line, 0);
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

/**
 * The first line of the comments on lines of their own directly above
 * `line` (`//` lines, `/*` blocks; not above `lowest`), else `line`.
 */
function firstCommentLine(
  document: TextDocument,
  comments: readonly Comment[],
  line: number,
  lowest: number,
): number {
  let first = line;
  for (;;) {
    const comment = wholeLineCommentEndingOn(document, comments, first - 1);
    if (comment === undefined || comment.range.start.line < lowest) return first;
    first = comment.range.start.line;
  }
}

/** The comment that ends `line` and starts its own line, if there is one. */
function wholeLineCommentEndingOn(
  document: TextDocument,
  comments: readonly Comment[],
  line: number,
): Comment | undefined {
  if (line < 0) return undefined;
  const comment = comments.findLast((c) => c.range.end.line === line);
  if (comment === undefined || !startsLine(document, comment.range.start)) return undefined;
  const rest = lineText(document, line).slice(comment.range.end.character).trim();
  return rest === "" ? comment : undefined;
}

/**
 * Where the member ending at `end` ends with the comments after it on its
 * line (a `/*` one may end on a later line); undefined when code follows
 * it there (it does not have its lines to itself).
 */
function endOfTrailingComments(
  document: TextDocument,
  comments: readonly Comment[],
  end: Position,
): Position | undefined {
  let last = end;
  for (const comment of comments) {
    const { start } = comment.range;
    if (start.line !== last.line || start.character < last.character) continue;
    if (lineText(document, last.line).slice(last.character, start.character).trim() !== "") break;
    last = comment.range.end;
  }
  return lineText(document, last.line).slice(last.character).trim() === "" ? last : undefined;
}

function emptyAt(position: Range["start"]): Range {
  return { start: position, end: position };
}
