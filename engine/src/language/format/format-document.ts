import { tokenMatcher, type IToken } from "chevrotain";
import { lexOnly, parseDocument } from "../parse";
import * as T from "../tokens";
import type { Diagnostic } from "../diagnostic";
import { type Pausable, PauseCounter, runToEnd } from "../pausable";

/** Options of {@link formatDocument}. */
export interface FormatOptions {
  /**
   * One level of indentation: that many spaces (a whole number, at least 1),
   * or `"tab"` for one tab. Default 2 spaces.
   */
  indent?: number | "tab";
}

/** The text of one level of indentation for `indent` (see {@link FormatOptions}). */
function indentUnit(indent: FormatOptions["indent"]): string {
  if (indent === "tab") return "\t";
  if (indent === undefined || !Number.isInteger(indent) || indent < 1) return "  ";
  return " ".repeat(indent);
}

/**
 * A document's tokens and comments (each in document order) as its lexer
 * made them, when the caller has them already: the language server keeps
 * them for each version of an open document (semantic tokens and folding
 * read them too), and lexing a long document again costs a third of its
 * formatting.
 */
export interface LexedTokens {
  tokens: readonly IToken[];
  comments: readonly IToken[];
}

/** A formatted text, or why the file cannot be formatted. */
export type FormatResult = { ok: true; text: string } | { ok: false; error: string };

/**
 * A formatted text with, for each of its lines, the line of the source it
 * was made from (0-based; lines split at `\r\n`, `\n` or a lone `\r`), or
 * why the file cannot be formatted. The formatter never breaks or joins
 * lines, so the origins only ever grow: a source line missing from them was
 * a blank line collapsed into the one before it (or a blank line at the
 * start or end of the file). Range formatting takes the lines of a range
 * from it.
 */
export type LineFormatResult =
  { ok: true; text: string; sourceLines: number[] } | { ok: false; error: string };

const OPENERS = new Set<unknown>([T.LCurly, T.LBracket, T.LParen]);
const CLOSERS = new Set<unknown>([T.RCurly, T.RBracket, T.RParen]);
/** No space before these. */
const TIGHT_BEFORE = new Set<unknown>([T.Comma, T.Colon, T.RParen, T.RBracket, T.Dot, T.Slash]);
/** No space after these. */
const TIGHT_AFTER = new Set<unknown>([T.LParen, T.LBracket, T.Dot, T.Bang, T.Slash]);
/** What an index `[0]` or a call's `(` follows without a space: a name, `]` of an index, `)`. */
const TIGHT_BEFORE_INDEX = new Set<unknown>([T.RBracket]);

/**
 * Formats a `.momoflow` document the way gofmt does: the author's line breaks
 * stay (blank lines collapse to one), each line is indented by its nesting,
 * and spacing inside a line is normalised — one space after `:` and `,`,
 * around operators and before `{`, inside a map's braces, none inside `()`
 * and `[]` or around `.` and `/`; a map closed on its last entry's line has no
 * trailing comma.
 * Strings (multi-line ones included) and comments are kept byte for byte,
 * and so are a byte order mark and the file's line breaks (`\r\n` or `\n`,
 * as on its first line). Idempotent. A file with syntax errors is not formatted.
 */
export function formatDocument(text: string, options: FormatOptions = {}): FormatResult {
  return runToEnd(formatDocumentWork(text, options));
}

/**
 * {@link formatDocument} as {@link Pausable} work, for the language server:
 * safe points after the lexing and every `ITEMS_PER_PAUSE` tokens (pausable.ts).
 * `syntax` is the syntax diagnostics of `text` when the caller has parsed it
 * already (the server's parse of an open document), which spares a parse
 * that cannot pause; by default `text` is parsed here. `lexed`: the tokens
 * of `text` when the caller has them ({@link LexedTokens}); by default
 * `text` is lexed here.
 */
export function* formatDocumentWork(
  text: string,
  options: FormatOptions = {},
  syntax: readonly Diagnostic[] = parseDocument(text, "").diagnostics,
  lexed?: LexedTokens,
): Pausable<FormatResult> {
  const result = yield* formatLines(text, options, syntax, lexed, false);
  return result.ok ? { ok: true, text: result.text } : result;
}

/**
 * {@link formatDocumentWork} that also tells, for each line of the
 * formatted text, the source line it comes from ({@link LineFormatResult}).
 */
export function* formatLinesWork(
  text: string,
  options: FormatOptions = {},
  syntax: readonly Diagnostic[] = parseDocument(text, "").diagnostics,
  lexed?: LexedTokens,
): Pausable<LineFormatResult> {
  return yield* formatLines(text, options, syntax, lexed, true);
}

/** Formats `text`; its `sourceLines` only when asked (they cost a read of the formatted text). */
function* formatLines(
  text: string,
  options: FormatOptions,
  syntax: readonly Diagnostic[],
  lexed: LexedTokens | undefined,
  withSourceLines: boolean,
): Pausable<LineFormatResult> {
  if (syntax.length > 0) {
    const first = syntax[0]!;
    return {
      ok: false,
      error: `cannot format a file with syntax errors (line ${first.range.start.line + 1}: ${first.message})`,
    };
  }
  const unit = indentUnit(options.indent);
  const { tokens, comments } = lexed ?? lexOnly(text);
  yield;
  const items = inOrder(tokens, comments);
  yield;
  const pauses = new PauseCounter();

  const lines: string[] = [];
  // The source line of each entry of `lines` (an entry holding a multi-line
  // string or comment spans as many source lines as it holds line breaks).
  const origins: number[] = [];
  // The source line at `previousEnd`, and the one the current `line` started on.
  let sourceLine = 0;
  let lineOrigin = 0;
  let line = "";
  let depth = 0;
  let lineDepth = 0;
  // The last three tokens (nearest last): what decides the space before the next one.
  // Kept in place: a new array per token was a third of the formatter's garbage.
  const recent: IToken[] = [];
  let previousEnd = 0;

  const breakLine = (blank: boolean): void => {
    lines.push(line.length > 0 ? unit.repeat(lineDepth) + line : "");
    origins.push(lineOrigin);
    if (blank) {
      // The first blank source line stands for the run it collapses.
      lines.push("");
      origins.push(sourceLine + 1);
    }
    line = "";
  };

  for (const token of items) {
    if (pauses.due()) yield;
    const newlines = countNewlines(text, previousEnd, token.startOffset);
    const previous = recent.at(-1);
    if (previous && newlines > 0) {
      breakLine(newlines > 1);
    }
    sourceLine += newlines;
    if (line === "") lineOrigin = sourceLine;
    // A map closed on the line of its last entry drops the comma after it:
    // `{ a: 1, }` is `{ a: 1 }` (a block never has a comma before its `}`).
    if (newlines === 0 && token.tokenType === T.RCurly && previous?.tokenType === T.Comma)
      line = line.slice(0, -1);
    if (line === "") {
      // A line's indent: its nesting, one less when it starts by closing a level.
      lineDepth = CLOSERS.has(token.tokenType) ? Math.max(0, depth - 1) : depth;
    } else {
      line += spaceBetween(recent, token) ? " " : "";
    }
    line += isComment(token) ? token.image.trimEnd() : token.image;
    if (OPENERS.has(token.tokenType)) depth++;
    else if (CLOSERS.has(token.tokenType)) depth = Math.max(0, depth - 1);
    if (recent.length === 3) recent.copyWithin(0, 1);
    recent[Math.min(recent.length, 2)] = token;
    previousEnd = token.startOffset + token.image.length;
    sourceLine += countNewlines(text, token.startOffset, previousEnd);
  }
  if (line !== "") breakLine(false);
  while (lines.length > 0 && lines[lines.length - 1] === "") {
    lines.pop();
    origins.pop();
  }
  // The file's byte order mark (whitespace to the lexer) and line breaks are
  // kept: a Windows user's CRLF file stays CRLF, and every line is not changed.
  const bom = text.startsWith("\uFEFF") ? "\uFEFF" : "";
  const eol = lineBreakOf(text);
  const sourceLines: number[] = [];
  if (withSourceLines)
    lines.forEach((entry, i) => {
      const spanned = countNewlines(entry, 0, entry.length);
      for (let k = 0; k <= spanned; k++) sourceLines.push(origins[i]! + k);
    });
  return { ok: true, text: bom + (lines.length ? lines.join(eol) + eol : ""), sourceLines };
}

/** The tokens and the comments (each in document order) in one list, in document order. */
function inOrder(tokens: readonly IToken[], comments: readonly IToken[]): IToken[] {
  const all = new Array<IToken>(tokens.length + comments.length);
  let t = 0;
  let c = 0;
  for (let i = 0; i < all.length; i++)
    all[i] =
      c === comments.length ||
      (t < tokens.length && tokens[t]!.startOffset < comments[c]!.startOffset)
        ? tokens[t++]!
        : comments[c++]!;
  return all;
}

/**
 * The line break a file is written with: that of its first line, `\r\n` or
 * `\n` (a lone `\r`, of old Mac files, becomes `\n`).
 */
function lineBreakOf(text: string): string {
  const first = text.search(/[\r\n]/);
  return first !== -1 && text.startsWith("\r\n", first) ? "\r\n" : "\n";
}

function isComment(token: IToken): boolean {
  return (
    token.tokenType === T.LineComment ||
    token.tokenType === T.DocComment ||
    token.tokenType === T.BlockComment
  );
}

/**
 * Line breaks between two offsets (whitespace only): `\n`, `\r\n` and a lone
 * `\r`, as the lexer counts them. A lone `\r` ends a line comment too, so
 * missing it would pull the next line into the comment.
 */
function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code === 10 || (code === 13 && text.charCodeAt(i + 1) !== 10)) n++;
  }
  return n;
}

/** Whether a space goes between the last of `recent` (up to three tokens, nearest last) and `right`. */
function spaceBetween(recent: readonly IToken[], right: IToken): boolean {
  const left = recent.at(-1)!;
  if (isComment(right)) return true;
  if (TIGHT_BEFORE.has(right.tokenType) || TIGHT_AFTER.has(left.tokenType)) return false;
  if (left.tokenType === T.LCurly && right.tokenType === T.RCurly) return false; // `{}`
  // A call or a command's parameter list: `name(`; a parenthesised condition keeps its space.
  if (right.tokenType === T.LParen) return !tokenMatcher(left, T.Name);
  // An index: `sites[0]`, `matrix[0][1]`, and a test's `expect step convert[1]`
  // (a name after a name); a list after `:` or `,` keeps its space, and so does
  // the list of `for_each: file in [...]`.
  if (right.tokenType === T.LBracket) {
    if (isForEachIn(recent)) return true;
    return !tokenMatcher(left, T.Name) && !TIGHT_BEFORE_INDEX.has(left.tokenType);
  }
  return true;
}

/**
 * Whether `recent` ends with `: item in` — the `in` of a `for_each`, whose
 * list is not an index of `in`. Looking back to the `:` tells it from a test
 * naming an instance of a step called `in` (`expect step in[0]`).
 */
function isForEachIn(recent: readonly IToken[]): boolean {
  if (recent.length < 3) return false;
  const [colon, item, keyword] = recent as [IToken, IToken, IToken];
  return (
    keyword.image === "in" &&
    tokenMatcher(keyword, T.Name) &&
    tokenMatcher(item, T.Name) &&
    colon.tokenType === T.Colon
  );
}
