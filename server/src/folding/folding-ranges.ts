/**
 * Folding: every bracketed block that spans lines (workflow, command, step
 * and test bodies, lists, maps, a call's arguments), multi-line strings and
 * block comments, runs of line comments, and the imports at the top. Read
 * from the lexer's tokens, so a file being typed (and not parsable yet) still
 * folds.
 */
import {
  type ServerCapabilities,
  FoldingRangeKind,
  type FoldingRange,
} from "vscode-languageserver/node";
import { documentVersion, type FeatureContext, guarded } from "../feature";
import { ITEMS_PER_LOOK, RequestWork } from "../request-work";
import type { IToken, TokenType } from "chevrotain";
import { type ParsedDocument, tokens as T } from "@momoflow/language";
import { documentTokens } from "../session/document-tokens";
import { OpenBrackets } from "./open-brackets";

/** Folding: blocks, lists, maps and call arguments that span lines, `"""` strings, comments, imports. */
export function registerFoldingRanges({ connection, session }: FeatureContext): ServerCapabilities {
  connection.onFoldingRanges(
    guarded(
      connection,
      "foldingRange",
      (params, work) => {
        return foldingRegions(session.check(params.textDocument.uri).document, work);
      },
      documentVersion(session),
    ),
  );
  return { foldingRangeProvider: true };
}

const OPENER_OF = new Map<TokenType, TokenType>([
  [T.RCurly, T.LCurly],
  [T.RBracket, T.LBracket],
  [T.RParen, T.LParen],
]);

const OPENERS = new Set<TokenType>(OPENER_OF.values());

const MULTI_LINE = new Set<TokenType>([
  T.TripleQuotedString,
  T.UnterminatedTripleQuotedString,
  T.BlockComment,
  T.UnterminatedBlockComment,
]);

/** The folding ranges of `document`, sorted by start line; pauses `work` along its loops. */
export async function foldingRegions(
  document: ParsedDocument,
  work = RequestWork.none,
): Promise<FoldingRange[]> {
  const { file } = document;
  const { lines, ...lexed } = documentTokens(document);
  await work.pause();
  const ranges: FoldingRange[] = [];
  const add = (startLine: number, endLine: number, kind?: FoldingRangeKind): void => {
    if (endLine <= startLine) return;
    const range: FoldingRange = { startLine, endLine };
    if (kind) range.kind = kind;
    ranges.push(range);
  };
  // A line, not a position: asked for every token, positions were most of the garbage.
  const lineOf = (offset: number): number => lines.lineAt(offset);
  const endLineOf = (token: IToken): number =>
    lineOf(token.startOffset + Math.max(0, token.image.length - 1));

  // Brackets: the closing one stays visible when it starts its line.
  const open = new OpenBrackets();
  let previousLine = -1;
  for (let i = 0; i < lexed.tokens.length; i++) {
    if (i % ITEMS_PER_LOOK === 0) await work.pause();
    const token = lexed.tokens[i]!;
    const line = lineOf(token.startOffset);
    const firstOnLine = line !== previousLine;
    previousLine = endLineOf(token);
    if (OPENERS.has(token.tokenType)) {
      open.push(token);
      continue;
    }
    const openerType = OPENER_OF.get(token.tokenType);
    const opener = openerType && open.close(openerType);
    if (opener) add(lineOf(opener.startOffset), firstOnLine ? line - 1 : line);
    if (MULTI_LINE.has(token.tokenType)) {
      // The closing `"""` stays visible, as a closing bracket does.
      const last = endLineOf(token);
      const closingAlone = /^[ \t]*"""$/.test(lastLine(token.image));
      add(line, closingAlone ? last - 1 : last);
    }
  }

  // Comments: a block comment whole; consecutive `//` lines (or `///` lines) alone on their lines.
  let run: { start: number; end: number; doc: boolean } | undefined;
  const endRun = (): void => {
    if (run) add(run.start, run.end, FoldingRangeKind.Comment);
    run = undefined;
  };
  // One flag per line: a set of every line's number grew as large as the file.
  const codeLines = new Uint8Array(lines.lineCount);
  for (let i = 0; i < lexed.tokens.length; i++) {
    if (i % ITEMS_PER_LOOK === 0) await work.pause();
    const token = lexed.tokens[i]!;
    codeLines[lineOf(token.startOffset)] = 1;
    codeLines[endLineOf(token)] = 1;
  }
  for (let i = 0; i < lexed.comments.length; i++) {
    if (i % ITEMS_PER_LOOK === 0) await work.pause();
    const comment = lexed.comments[i]!;
    const line = lineOf(comment.startOffset);
    if (MULTI_LINE.has(comment.tokenType)) {
      endRun();
      add(line, endLineOf(comment), FoldingRangeKind.Comment);
      continue;
    }
    const doc = comment.tokenType === T.DocComment && !comment.image.startsWith("////");
    if (codeLines[line] === 1) {
      // A comment after code on the same line is no part of a run.
      endRun();
      continue;
    }
    if (run && run.end === line - 1 && run.doc === doc) run.end = line;
    else {
      endRun();
      run = { start: line, end: line, doc };
    }
  }
  endRun();

  // Imports: each run of consecutive import declarations.
  let imports: { start: number; end: number } | undefined;
  const endImports = (): void => {
    if (imports) add(imports.start, imports.end, FoldingRangeKind.Imports);
    imports = undefined;
  };
  for (const decl of file.declarations ?? []) {
    if (decl?.kind !== "import") {
      endImports();
      continue;
    }
    if (imports) imports.end = decl.range.end.line;
    else imports = { start: decl.range.start.line, end: decl.range.end.line };
  }
  endImports();

  await work.pause();
  return ranges.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}

function lastLine(image: string): string {
  const at = Math.max(image.lastIndexOf("\n"), image.lastIndexOf("\r"));
  return image.slice(at + 1);
}
