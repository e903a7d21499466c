/**
 * Semantic highlighting, full and by range: names coloured by what they are
 * (a step id is a `method` wherever it is written, a built-in command a
 * `function` with `defaultLibrary`), references inside strings included.
 * This is the protocol's half: the legend (standard LSP names only, so every
 * theme colours them), the lexer's tokens (comments, strings, numbers,
 * operators, keywords) merged with the classified names — strings split
 * around their `${...}` interpolations, multi-line tokens split per line —
 * and their encoding; token-classifier.ts says what each name is.
 */
import type { ServerCapabilities, SemanticTokensLegend } from "vscode-languageserver/node";
import type { IToken, TokenType as LexerTokenType } from "chevrotain";
import {
  type CheckResult,
  type Position,
  type Range,
  type LineIndex,
  tokens as T,
} from "@momoflow/language";
import { documentTokens } from "../session/document-tokens";
import { documentVersion, type FeatureContext, guarded } from "../feature";
import { ITEMS_PER_LOOK, RequestWork } from "../request-work";
import { classifyDocument, type NamePiece } from "./token-classifier";

/**
 * Semantic highlighting, full and by range: names coloured by what they are
 * (a step id is a `method` wherever it is written, a built-in command a
 * `function` with `defaultLibrary`), references inside strings included.
 */
export function registerSemanticTokens({
  connection,
  session,
}: FeatureContext): ServerCapabilities {
  connection.languages.semanticTokens.on(
    guarded(
      connection,
      "semanticTokens/full",
      async (params, work) => {
        const tokens = await semanticTokensOf(session.check(params.textDocument.uri), work);
        return { data: await encodeSemanticTokens(tokens, work) };
      },
      documentVersion(session),
    ),
  );
  connection.languages.semanticTokens.onRange(
    guarded(
      connection,
      "semanticTokens/range",
      async (params, work) => {
        const check = session.check(params.textDocument.uri);
        const tokens = await semanticTokensOf(check, work, params.range);
        return { data: await encodeSemanticTokens(tokens, work) };
      },
      documentVersion(session),
    ),
  );
  return {
    semanticTokensProvider: { legend: SEMANTIC_TOKENS_LEGEND, full: true, range: true },
  };
}

/**
 * The semantic token types of momoflow, standard LSP names only, so every
 * theme colours them: what a name is, not how it is spelled.
 */
export const TOKEN_TYPES = [
  /** `workflow`, `step`, `param`, `expect`, `true`, the `none` of `rollback: none`, ... */
  "keyword",
  /** A command: its declaration and its calls. */
  "function",
  /** A workflow: its declaration and every name that refers to it. */
  "class",
  /** A step id: its declaration, `needs`, `fail`, `expect step`, `steps.<id>`. */
  "method",
  /** A workflow `param`, a command parameter, a call's argument name. */
  "parameter",
  /** A `var`, and the built-in roots `steps`, `env`, `run`, `workflow`. */
  "variable",
  /** A property name (`run:`, `timeout:`), a map key, a field of a built-in value. */
  "property",
  /** A parameter's type name (`string`, `duration`, ...). */
  "type",
  "string",
  /** Numbers, durations and sizes. */
  "number",
  "comment",
  /** `==`, `!=`, `<`, `<=`, `=`. */
  "operator",
  /** A status value (`success`, `rolled_back`, ...). */
  "enumMember",
] as const;

export type TokenType = (typeof TOKEN_TYPES)[number];

export const TOKEN_MODIFIERS = [
  /** Where the name is declared. */
  "declaration",
  /** A value that never changes during a run: vars, built-in values. */
  "readonly",
  /** Provided by momoflow: built-in commands, types and values. */
  "defaultLibrary",
  /** A `///` doc comment. */
  "documentation",
] as const;

export type TokenModifier = (typeof TOKEN_MODIFIERS)[number];

export const SEMANTIC_TOKENS_LEGEND: SemanticTokensLegend = {
  tokenTypes: [...TOKEN_TYPES],
  tokenModifiers: [...TOKEN_MODIFIERS],
};

const TYPE_INDEX = new Map<string, number>(TOKEN_TYPES.map((t, i) => [t, i]));

/** The legend index of a token type. */
export function tokenTypeIndex(type: TokenType): number {
  return TYPE_INDEX.get(type)!;
}

/** The bit set of modifiers, as the legend numbers them. */
export function modifierBits(modifiers: readonly TokenModifier[]): number {
  let bits = 0;
  for (const modifier of modifiers) bits |= 1 << TOKEN_MODIFIERS.indexOf(modifier);
  return bits;
}

/** A semantic token on one line, by absolute position (UTF-16 characters). */
export interface SemanticToken {
  line: number;
  character: number;
  length: number;
  type: TokenType;
  modifiers: readonly TokenModifier[];
}

/**
 * The LSP encoding of `tokens`: five integers per token, the line and start
 * relative to the previous token (the start only when on the same line),
 * then the length, the type index and the modifier bits. Tokens are sorted
 * first; empty ones are dropped and overlapping ones are cut, as clients
 * expect strictly increasing positions. Pauses `work` along the way.
 */
export async function encodeSemanticTokens(
  tokens: readonly SemanticToken[],
  work = RequestWork.none,
): Promise<number[]> {
  // Most come sorted ({@link semanticTokensOf} sorts them): a copy only when not.
  const sorted = inOrder(tokens) ? tokens : [...tokens].sort(byPosition);
  await work.pause();
  // Grown by pushes, not made at its largest size and cut: that array has
  // holes, and the connection's JSON.stringify of it is several times slower.
  const data: number[] = [];
  let line = 0;
  let character = 0;
  let end = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (i % ITEMS_PER_LOOK === 0) await work.pause();
    const token = sorted[i]!;
    if (token.length <= 0) continue;
    let start = token.character;
    let length = token.length;
    if (token.line === line && data.length > 0 && start < end) {
      // Overlaps the previous token: keep what is left of it.
      length -= end - start;
      start = end;
      if (length <= 0) continue;
    }
    const deltaLine = token.line - line;
    const deltaStart = deltaLine === 0 ? start - character : start;
    data.push(
      deltaLine,
      deltaStart,
      length,
      tokenTypeIndex(token.type),
      token.modifiers.length === 0 ? 0 : modifierBits(token.modifiers),
    );
    line = token.line;
    character = start;
    end = start + length;
  }
  return data;
}

/** Document order of semantic tokens. */
function byPosition(a: SemanticToken, b: SemanticToken): number {
  return a.line - b.line || a.character - b.character;
}

function inOrder(tokens: readonly SemanticToken[]): boolean {
  for (let i = 1; i < tokens.length; i++)
    if (byPosition(tokens[i - 1]!, tokens[i]!) > 0) return false;
  return true;
}

/** The modifiers of most tokens, and of doc comments: shared, not an array per token. */
const NO_MODIFIERS: readonly TokenModifier[] = [];
const DOCUMENTATION: readonly TokenModifier[] = ["documentation"];

/** The pieces of `[start, end)` of a text that lie on each line: a multi-line token, split per line. */
export function splitByLines(
  text: string,
  start: number,
  end: number,
): { offset: number; length: number }[] {
  const pieces: { offset: number; length: number }[] = [];
  let lineStart = start;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code !== 10 && code !== 13) continue;
    pieces.push({ offset: lineStart, length: i - lineStart });
    if (code === 13 && text.charCodeAt(i + 1) === 10 && i + 1 < end) i++;
    lineStart = i + 1;
  }
  pieces.push({ offset: lineStart, length: end - lineStart });
  return pieces.filter((p) => p.length > 0);
}

const STRINGS = new Set<LexerTokenType>([
  T.QuotedString,
  T.SingleQuotedString,
  T.UnterminatedString,
  T.TripleQuotedString,
  T.UnterminatedTripleQuotedString,
]);
const NUMBERS = new Set<LexerTokenType>([
  T.NumberLiteral,
  T.DurationLiteral,
  T.SizeLiteral,
  T.MalformedNumber,
]);
const OPERATORS = new Set<LexerTokenType>([
  T.EqualEqual,
  T.NotEqual,
  T.Less,
  T.LessEqual,
  T.Greater,
  T.GreaterEqual,
  T.AndAnd,
  T.OrOr,
  T.Bang,
  T.Equals,
]);
const KEYWORDS = new Set<LexerTokenType>(T.keywordTokens);

/**
 * Every semantic token of the document `check` was computed from, in
 * document order; with a `range`, those {@link tokenInRange} only (the
 * same as filtering them all), read from the lexer's tokens on its lines
 * alone. Pauses `work` between its phases and along its loops.
 */
export async function semanticTokensOf(
  check: CheckResult,
  work = RequestWork.none,
  range?: Range,
): Promise<SemanticToken[]> {
  const text = check.document.text;
  const classes = classifyDocument(check.document.file, check.scope);
  await work.pause();
  const { lines, ...lexed } = documentTokens(check.document);
  await work.pause();
  // The lexer's tokens that reach the range's lines (whole lines: every
  // token in the range lies on them, and lies within the lexer's token it
  // comes from); a token more before them, for what follows it (`in`).
  const window = range && lineWindow(lines, range);
  const tokens = window ? tokensIn(lexed.tokens, window, 1) : lexed.tokens;
  const comments = window ? tokensIn(lexed.comments, window, 0) : lexed.comments;
  const firstLine = tokens.length > 0 ? lines.positionAt(tokens[0]!.startOffset).line : 0;
  const onLines = (at: Position): boolean =>
    !range || (at.line >= firstLine && at.line <= range.end.line);

  // By offset, where the lexer's tokens start: a small integer, where a key
  // made of the line and character was a double, allocated for each lookup.
  const names = new Map<number, NamePiece>();
  for (const piece of classes.names)
    if (onLines(piece.range.start)) names.set(lines.offsetAt(piece.range.start), piece);
  const unresolved = new Set<number>();
  for (const range of classes.unresolved)
    if (onLines(range.start)) unresolved.add(lines.offsetAt(range.start));
  const holes = classes.interpolations
    .map((span) => ({
      start: lines.offsetAt(span.range.start),
      end: lines.offsetAt(span.range.end),
      pieces: span.pieces,
    }))
    .sort((a, b) => a.start - b.start);

  await work.pause();
  const out: SemanticToken[] = [];
  const emit = (
    start: number,
    end: number,
    type: TokenType,
    modifiers: readonly TokenModifier[],
  ): void => {
    if (end <= start) return;
    // Most tokens lie on one line: their line and character without a position or a piece.
    const line = lines.lineAt(start);
    const last = text.charCodeAt(end - 1);
    if (lines.lineAt(end - 1) === line && last !== 10 && last !== 13) {
      const character = start - lines.lineStart(line);
      out.push({ line, character, length: end - start, type, modifiers });
      return;
    }
    for (const piece of splitByLines(text, start, end)) {
      const at = lines.positionAt(piece.offset);
      out.push({ line: at.line, character: at.character, length: piece.length, type, modifiers });
    }
  };
  const emitPiece = (piece: NamePiece): void => {
    const length = piece.range.end.character - piece.range.start.character;
    if (piece.range.start.line === piece.range.end.line && length > 0) {
      // Named fields, not a spread of the position: every token then has one
      // shape, and the sorts and the encoding stay fast (half the CPU time of
      // a 4,000- or 20,000-step file).
      const { line, character } = piece.range.start;
      out.push({ line, character, length, type: piece.type, modifiers: piece.modifiers });
    }
  };

  let hole = 0;
  let previous: NamePiece | undefined;
  for (let i = 0; i < comments.length; i++) {
    if (i % ITEMS_PER_LOOK === 0) await work.pause();
    const token = comments[i]!;
    const documentation = token.tokenType === T.DocComment && !token.image.startsWith("////");
    emit(token.startOffset, end(token), "comment", documentation ? DOCUMENTATION : NO_MODIFIERS);
  }
  for (let i = 0; i < tokens.length; i++) {
    if (i % ITEMS_PER_LOOK === 0) await work.pause();
    const token = tokens[i]!;
    const type = token.tokenType;
    const start = token.startOffset;
    if (STRINGS.has(type)) {
      const stop = end(token);
      while (hole < holes.length && holes[hole]!.start < start) hole++;
      let from = start;
      for (; hole < holes.length && holes[hole]!.start < stop; hole++) {
        const span = holes[hole]!;
        emit(from, span.start, "string", NO_MODIFIERS);
        for (const piece of span.pieces) emitPiece(piece);
        from = Math.max(from, span.end);
      }
      emit(from, stop, "string", NO_MODIFIERS);
    } else if (NUMBERS.has(type)) {
      emit(start, end(token), "number", NO_MODIFIERS);
    } else if (OPERATORS.has(type)) {
      emit(start, end(token), "operator", NO_MODIFIERS);
    } else if (type === T.Identifier || type === T.DashedName || KEYWORDS.has(type)) {
      const piece = names.get(start);
      if (piece) emitPiece(piece);
      else if (KEYWORDS.has(type) && !unresolved.has(start))
        emit(start, end(token), "keyword", NO_MODIFIERS);
      // The `in` of `for_each: file in <items>` is a word of the language after the item.
      else if (token.image === "in" && isItemDeclaration(previous))
        emit(start, end(token), "keyword", NO_MODIFIERS);
      previous = piece;
      continue;
    }
    previous = undefined;
  }
  await work.pause();
  const sorted = out.sort(byPosition);
  return range ? sorted.filter((token) => tokenInRange(token, range)) : sorted;
}

/** The offsets of the whole lines `range` touches: from the start of its first to the start of the line after its last. */
function lineWindow(lines: LineIndex, range: Range): { start: number; end: number } {
  return {
    start: lines.offsetAt({ line: range.start.line, character: 0 }),
    end: lines.offsetAt({ line: range.end.line + 1, character: 0 }),
  };
}

/**
 * The lexer's tokens (in document order, apart from one another) that reach
 * into `window`, with `before` more tokens ahead of them. Binary search:
 * their ends grow as their starts do.
 */
function tokensIn(
  all: readonly IToken[],
  window: { start: number; end: number },
  before: number,
): readonly IToken[] {
  let low = 0;
  let high = all.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (end(all[middle]!) <= window.start) low = middle + 1;
    else high = middle;
  }
  let stop = low;
  while (stop < all.length && all[stop]!.startOffset < window.end) stop++;
  return all.slice(Math.max(0, low - before), stop);
}

/** A fan-out item's declaration (`file` of `for_each: file in`): the classifier marks it so. */
function isItemDeclaration(piece: NamePiece | undefined): boolean {
  return (
    piece?.type === "variable" &&
    piece.modifiers.includes("declaration") &&
    !piece.modifiers.includes("readonly")
  );
}

function end(token: IToken): number {
  return token.startOffset + token.image.length;
}

/** Whether a token lies (at least partly) inside `range`. */
export function tokenInRange(token: SemanticToken, range: Range): boolean {
  const startsBefore =
    token.line < range.end.line ||
    (token.line === range.end.line && token.character < range.end.character);
  const endsAfter =
    token.line > range.start.line ||
    (token.line === range.start.line && token.character + token.length > range.start.character);
  return startsBefore && endsAfter;
}
