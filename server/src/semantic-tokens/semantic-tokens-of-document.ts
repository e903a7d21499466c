/**
 * The semantic tokens of a checked document: the lexer's tokens (comments,
 * strings, numbers, operators, keywords) typed by what the syntax tree says
 * each name is. Strings are split around their `${...}` interpolations, whose
 * references get tokens of their own; multi-line tokens are split per line.
 */
import type { IToken, TokenType as LexerTokenType } from "chevrotain";
import {
  type Position,
  type Range,
  LineIndex,
  lexOnly,
  type CheckResult,
  tokens as T,
} from "@momoflow/language";
import { classifyDocument, type NamePiece } from "./token-classifier";
import { splitByLines, type SemanticToken } from "./semantic-token-encoding";
import type { TokenModifier, TokenType } from "./semantic-legend";

const STRINGS = new Set<LexerTokenType>([
  T.QuotedString,
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
  T.Equals,
]);
const KEYWORDS = new Set<LexerTokenType>(T.keywordTokens);

/** A key for a position: line and character in one exact number. */
function key(position: Position): number {
  return position.line * 4_294_967_296 + position.character;
}

/** Every semantic token of the document `check` was computed from, in document order. */
export function semanticTokensOf(check: CheckResult): SemanticToken[] {
  const text = check.document.text;
  const lines = new LineIndex(text);
  const classes = classifyDocument(check.document.file, check.scope);
  const names = new Map<number, NamePiece>();
  for (const piece of classes.names) names.set(key(piece.range.start), piece);
  const unresolved = new Set(classes.unresolved.map((range) => key(range.start)));
  const holes = classes.interpolations
    .map((span) => ({
      start: lines.offsetAt(span.range.start),
      end: lines.offsetAt(span.range.end),
      pieces: span.pieces,
    }))
    .sort((a, b) => a.start - b.start);

  const lexed = lexOnly(text);
  const out: SemanticToken[] = [];
  const emit = (
    start: number,
    end: number,
    type: TokenType,
    modifiers: readonly TokenModifier[],
  ): void => {
    for (const piece of splitByLines(text, start, end)) {
      const at = lines.positionAt(piece.offset);
      out.push({ line: at.line, character: at.character, length: piece.length, type, modifiers });
    }
  };
  const emitPiece = (piece: NamePiece): void => {
    const length = piece.range.end.character - piece.range.start.character;
    if (piece.range.start.line === piece.range.end.line && length > 0) {
      out.push({ ...piece.range.start, length, type: piece.type, modifiers: piece.modifiers });
    }
  };

  let hole = 0;
  for (const token of lexed.comments) {
    const documentation = token.tokenType === T.DocComment && !token.image.startsWith("////");
    emit(token.startOffset, end(token), "comment", documentation ? ["documentation"] : []);
  }
  for (const token of lexed.tokens) {
    const type = token.tokenType;
    const start = token.startOffset;
    if (STRINGS.has(type)) {
      const stop = end(token);
      while (hole < holes.length && holes[hole]!.start < start) hole++;
      let from = start;
      for (; hole < holes.length && holes[hole]!.start < stop; hole++) {
        const span = holes[hole]!;
        emit(from, span.start, "string", []);
        for (const piece of span.pieces) emitPiece(piece);
        from = Math.max(from, span.end);
      }
      emit(from, stop, "string", []);
    } else if (NUMBERS.has(type)) {
      emit(start, end(token), "number", []);
    } else if (OPERATORS.has(type)) {
      emit(start, end(token), "operator", []);
    } else if (type === T.Identifier || KEYWORDS.has(type)) {
      const at = key(lines.positionAt(start));
      const piece = names.get(at);
      if (piece) emitPiece(piece);
      else if (KEYWORDS.has(type) && !unresolved.has(at)) emit(start, end(token), "keyword", []);
    }
  }
  return out.sort((a, b) => a.line - b.line || a.character - b.character);
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
