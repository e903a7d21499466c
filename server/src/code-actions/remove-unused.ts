import type { TextDocument } from "vscode-languageserver-textdocument";
import type { Range } from "@momoflow/language";
import type { QuickFix, QuickFixInput } from "./quick-fix";
import {
  endsLine,
  firstLineWithDoc,
  isBlankLine,
  lineText,
  nextNonSpace,
  startOfNextLine,
  startsLine,
} from "./document-text";
import { valueDeclarationAt } from "./syntax-search";

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
