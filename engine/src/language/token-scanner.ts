/**
 * Reads the tokens of `.momoflow` text exactly as Chevrotain's lexer does
 * with the definitions of tokens.ts (lexer.ts's `newMomoflowLexer`, which
 * stays the reference: a test compares the two on every kind of input),
 * with the dispatch written out by first character.
 *
 * Chevrotain's lexer tries each pattern that may start with the character
 * at hand, a regular expression each, and allocates the token's text before
 * telling a keyword from an identifier. Here punctuation is compared by
 * character, names are read by character and take a string already made
 * (a keyword's word, or the same word read shortly before) without a copy
 * of the text, and only strings and numbers still run their regular
 * expressions: for a check of a large file, a sixth of its time was the
 * lexer's.
 */
import type { IToken, TokenType } from "chevrotain";
import * as T from "./tokens";
import { underscored } from "./dashed-name";
import { mispairedTripleQuotedEnd, unterminatedTripleQuotedEnd } from "./unterminated-string-end";

/** A run of characters no token starts with (Chevrotain's lexing error). */
export interface UnexpectedCharacters {
  offset: number;
  length: number;
}

/** What {@link scanTokens} read. */
export interface ScannedTokens {
  /** Tokens the parser reads, in document order. */
  tokens: IToken[];
  /** Comments (the lexer group {@link T.COMMENTS_GROUP}), in document order. */
  comments: IToken[];
  errors: UnexpectedCharacters[];
}

/** A pattern of tokens.ts, sticky: tested at one offset. */
function sticky(type: TokenType): RegExp {
  return new RegExp((type.PATTERN as RegExp).source, "y");
}

/** tokens.ts's `"""` string, closed (its pattern is a function there, to tell a mispaired one). */
const TRIPLE_QUOTED = /"""(?:[^"\\]|\\[\s\S]|"(?!""))*"{0,2}"""/y;
const QUOTED = sticky(T.QuotedString);
const UNTERMINATED = sticky(T.UnterminatedString);
const SINGLE_QUOTED = sticky(T.SingleQuotedString);
const DURATION = sticky(T.DurationLiteral);
const SIZE = sticky(T.SizeLiteral);
const NUMBER = sticky(T.NumberLiteral);
const MALFORMED_NUMBER = sticky(T.MalformedNumber);

/**
 * A token type as the scanner uses it. Token types have some ten shapes
 * (Chevrotain adds their properties as their definitions ask), so reading
 * `tokenTypeIdx` from one, once per token, was a megamorphic load; kinds
 * have one.
 */
interface Kind {
  type: TokenType;
  index: number;
  /** In the comments group. */
  comment: boolean;
}

function kindOf(type: TokenType): Kind {
  return { type, index: type.tokenTypeIdx!, comment: type.GROUP === T.COMMENTS_GROUP };
}

/** The kinds of the token types the scanner reads (keywords apart). */
const K = {
  Identifier: kindOf(T.Identifier),
  DashedName: kindOf(T.DashedName),
  TripleQuotedString: kindOf(T.TripleQuotedString),
  UnterminatedTripleQuotedString: kindOf(T.UnterminatedTripleQuotedString),
  QuotedString: kindOf(T.QuotedString),
  UnterminatedString: kindOf(T.UnterminatedString),
  SingleQuotedString: kindOf(T.SingleQuotedString),
  DocComment: kindOf(T.DocComment),
  LineComment: kindOf(T.LineComment),
  BlockComment: kindOf(T.BlockComment),
  UnterminatedBlockComment: kindOf(T.UnterminatedBlockComment),
  HashComment: kindOf(T.HashComment),
  DurationLiteral: kindOf(T.DurationLiteral),
  SizeLiteral: kindOf(T.SizeLiteral),
  NumberLiteral: kindOf(T.NumberLiteral),
  MalformedNumber: kindOf(T.MalformedNumber),
  EqualEqual: kindOf(T.EqualEqual),
  NotEqual: kindOf(T.NotEqual),
  LessEqual: kindOf(T.LessEqual),
  Less: kindOf(T.Less),
  GreaterEqual: kindOf(T.GreaterEqual),
  Greater: kindOf(T.Greater),
  AndAnd: kindOf(T.AndAnd),
  OrOr: kindOf(T.OrOr),
  Bang: kindOf(T.Bang),
  Equals: kindOf(T.Equals),
  LCurly: kindOf(T.LCurly),
  RCurly: kindOf(T.RCurly),
  LParen: kindOf(T.LParen),
  RParen: kindOf(T.RParen),
  LBracket: kindOf(T.LBracket),
  RBracket: kindOf(T.RBracket),
  Comma: kindOf(T.Comma),
  Colon: kindOf(T.Colon),
  Dot: kindOf(T.Dot),
  Slash: kindOf(T.Slash),
};

/** A keyword and its word, by its first character (keywords are lower-case ASCII). */
const KEYWORDS_BY_FIRST: { word: string; kind: Kind }[][] = [];
for (const type of T.keywordTokens) {
  const word = (type.PATTERN as RegExp).source;
  (KEYWORDS_BY_FIRST[word.charCodeAt(0)] ??= []).push({ word, kind: kindOf(type) });
}

/** Size - 1 of the table of words read last (a power of two). */
const WORDS_MASK = 255;

/**
 * Names read last, by their length and ends: 20,000 steps repeat some
 * 150,000 words (`build`, `message`, `out`…), and a word found here is not
 * copied out of the text again. Kept across documents, as the parser is.
 */
const words: (string | undefined)[] = new Array<string | undefined>(WORDS_MASK + 1).fill(undefined);

/** `-`, which joins the parts of a {@link T.DashedName}. */
const DASH = 45;

/** `[A-Za-z_]`. */
function isNameStart(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95;
}

/** `[A-Za-z0-9_]`. */
function isNamePart(code: number): boolean {
  return isNameStart(code) || (code >= 48 && code <= 57);
}

/** `[ \t\r\n\f\v\uFEFF]`: what {@link T.Whitespace} skips. */
function isWhitespace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 0xfeff;
}

/**
 * The token read at `offset`: its kind is left in {@link Match.kind} (null
 * for whitespace, skipped) and its end returned; -1 when no token starts
 * there. Never allocates: an error's run probes each character with it.
 */
class Match {
  kind: Kind | null = null;
  /** The token's text when it is a constant (punctuation); else undefined. */
  image: string | undefined = undefined;
  /** Where the first unterminated `"""` string of the text being read starts; -1 before one. */
  unterminatedTripleAt = -1;

  /**
   * The end of the name whose first dash is at `dash`: a {@link T.DashedName}
   * when a name follows its dashes (`fetch-data`, `a--b`), else the
   * identifier before the dash (`a - b`, `a-1`).
   */
  private dashedName(text: string, dash: number): number {
    let end = dash;
    for (;;) {
      let next = end;
      while (text.charCodeAt(next) === DASH) next++;
      if (next === end || !isNameStart(text.charCodeAt(next))) break;
      end = next + 1;
      while (end < text.length && isNamePart(text.charCodeAt(end))) end++;
      this.kind = K.DashedName;
    }
    return end;
  }

  at(text: string, offset: number): number {
    this.image = undefined;
    const code = text.charCodeAt(offset);
    if (isNameStart(code)) {
      let end = offset + 1;
      while (end < text.length && isNamePart(text.charCodeAt(end))) end++;
      this.kind = K.Identifier;
      // `fetch-data`: one name with dashes (tokens.ts's DashedName), rare.
      if (text.charCodeAt(end) === DASH) return this.dashedName(text, end);
      return end;
    }
    if (isWhitespace(code)) {
      let end = offset + 1;
      while (end < text.length && isWhitespace(text.charCodeAt(end))) end++;
      this.kind = null;
      return end;
    }
    const next = text.charCodeAt(offset + 1);
    switch (code) {
      case 34: // "
        return this.string(text, offset, next);
      case 47: // /
        return this.slash(text, offset, next);
      case 39: // '
        return this.tryPattern(SINGLE_QUOTED, K.SingleQuotedString, text, offset);
      case 35: // #
        this.kind = K.HashComment;
        return lineEnd(text, offset + 1);
      case 45: // -
        return this.number(text, offset, false);
      case 61: // = ==
        return next === 61
          ? this.constant(K.EqualEqual, "==", offset)
          : this.constant(K.Equals, "=", offset);
      case 33: // ! !=
        return next === 61
          ? this.constant(K.NotEqual, "!=", offset)
          : this.constant(K.Bang, "!", offset);
      case 60: // < <=
        return next === 61
          ? this.constant(K.LessEqual, "<=", offset)
          : this.constant(K.Less, "<", offset);
      case 62: // > >=
        return next === 61
          ? this.constant(K.GreaterEqual, ">=", offset)
          : this.constant(K.Greater, ">", offset);
      case 38: // &&
        return next === 38 ? this.constant(K.AndAnd, "&&", offset) : -1;
      case 124: // ||
        return next === 124 ? this.constant(K.OrOr, "||", offset) : -1;
      case 123:
        return this.constant(K.LCurly, "{", offset);
      case 125:
        return this.constant(K.RCurly, "}", offset);
      case 40:
        return this.constant(K.LParen, "(", offset);
      case 41:
        return this.constant(K.RParen, ")", offset);
      case 91:
        return this.constant(K.LBracket, "[", offset);
      case 93:
        return this.constant(K.RBracket, "]", offset);
      case 44:
        return this.constant(K.Comma, ",", offset);
      case 58:
        return this.constant(K.Colon, ":", offset);
      case 46:
        return this.constant(K.Dot, ".", offset);
      default:
        return code >= 48 && code <= 57 ? this.number(text, offset, true) : -1;
    }
  }

  private constant(kind: Kind, image: string, offset: number): number {
    this.kind = kind;
    this.image = image;
    return offset + image.length;
  }

  /** `"""…"""`, `"…"` or one of them unterminated, tried in the lexer's order. */
  private string(text: string, offset: number, next: number): number {
    if (next === 34 && text.charCodeAt(offset + 2) === 34) {
      TRIPLE_QUOTED.lastIndex = offset;
      if (TRIPLE_QUOTED.test(text)) {
        const end = TRIPLE_QUOTED.lastIndex;
        const mispaired = mispairedTripleQuotedEnd(text, offset, end);
        this.kind = mispaired < 0 ? K.TripleQuotedString : K.UnterminatedTripleQuotedString;
        return mispaired < 0 ? end : mispaired;
      }
      this.kind = K.UnterminatedTripleQuotedString;
      // Only the first ends early: see unterminatedTripleQuotedEnd. (The
      // offset, not a flag: an error's run may probe the same `"""` first.)
      if (this.unterminatedTripleAt >= 0 && this.unterminatedTripleAt !== offset)
        return text.length;
      this.unterminatedTripleAt = offset;
      return unterminatedTripleQuotedEnd(text, offset);
    }
    QUOTED.lastIndex = offset;
    if (QUOTED.test(text)) {
      this.kind = K.QuotedString;
      return QUOTED.lastIndex;
    }
    // Matches at least the quote.
    UNTERMINATED.lastIndex = offset;
    UNTERMINATED.test(text);
    this.kind = K.UnterminatedString;
    return UNTERMINATED.lastIndex;
  }

  /** Comments, or `/`. */
  private slash(text: string, offset: number, next: number): number {
    if (next === 47) {
      this.kind = text.charCodeAt(offset + 2) === 47 ? K.DocComment : K.LineComment;
      return lineEnd(text, offset + 2);
    }
    if (next === 42) {
      const close = text.indexOf("*/", offset + 2);
      this.kind = close === -1 ? K.UnterminatedBlockComment : K.BlockComment;
      return close === -1 ? text.length : close + 2;
    }
    return this.constant(K.Slash, "/", offset);
  }

  /**
   * A number, duration or size (`digit`: the text starts with a digit, not
   * `-`), or the longer {@link K.MalformedNumber} that each defers to.
   */
  private number(text: string, offset: number, digit: boolean): number {
    let end = -1;
    if (digit) {
      end = this.tryPattern(DURATION, K.DurationLiteral, text, offset);
      if (end === -1) end = this.tryPattern(SIZE, K.SizeLiteral, text, offset);
    }
    if (end === -1) end = this.tryPattern(NUMBER, K.NumberLiteral, text, offset);
    MALFORMED_NUMBER.lastIndex = offset;
    if (MALFORMED_NUMBER.test(text) && MALFORMED_NUMBER.lastIndex > end) {
      this.kind = K.MalformedNumber;
      return MALFORMED_NUMBER.lastIndex;
    }
    return end;
  }

  private tryPattern(pattern: RegExp, kind: Kind, text: string, offset: number): number {
    pattern.lastIndex = offset;
    if (!pattern.test(text)) return -1;
    this.kind = kind;
    return pattern.lastIndex;
  }
}

/** The offset of the line break at or after `from` (or the text's end). */
function lineEnd(text: string, from: number): number {
  let end = from;
  while (end < text.length) {
    const code = text.charCodeAt(end);
    if (code === 10 || code === 13) break;
    end++;
  }
  return end;
}

const match = new Match();

/** Characters per token of a typical document, for the first size of the token array. */
const TEXT_PER_TOKEN = 8;

/** Lexes `text` as Chevrotain's lexer of tokens.ts would (positions as offsets only). */
export function scanTokens(text: string): ScannedTokens {
  // Made at about its final size, as Chevrotain does: grown by pushes, the
  // array of a large file was copied over and over (a third of the scan).
  const tokens: IToken[] = new Array<IToken>(Math.floor(text.length / TEXT_PER_TOKEN));
  let count = 0;
  const comments: IToken[] = [];
  const errors: UnexpectedCharacters[] = [];
  const length = text.length;
  let offset = 0;
  match.unterminatedTripleAt = -1;
  while (offset < length) {
    const end = match.at(text, offset);
    if (end === -1) {
      // As Chevrotain recovers: drop characters up to the next one a token starts at.
      const start = offset;
      do offset++;
      while (offset < length && match.at(text, offset) === -1);
      errors.push({ offset: start, length: offset - start });
      continue;
    }
    const kind = match.kind;
    if (kind === K.Identifier) tokens[count++] = nameToken(text, offset, end);
    else if (kind === K.DashedName) tokens[count++] = dashedNameToken(text, offset, end);
    else if (kind !== null) {
      const token = newToken(match.image ?? text.substring(offset, end), offset, kind);
      if (kind.comment) comments.push(token);
      else tokens[count++] = token;
    }
    offset = end;
  }
  tokens.length = count;
  return { tokens, comments, errors };
}

/** A token as Chevrotain makes one with positionTracking "onlyOffset" (the same keys, in order). */
function newToken(image: string, startOffset: number, kind: Kind): IToken {
  return { image, startOffset, tokenTypeIdx: kind.index, tokenType: kind.type } as IToken;
}

/** The keyword or identifier at `[start, end)`: a keyword's word, or a word read shortly before, when it is one. */
function nameToken(text: string, start: number, end: number): IToken {
  const length = end - start;
  const first = text.charCodeAt(start);
  const keywords = KEYWORDS_BY_FIRST[first];
  if (keywords !== undefined) {
    for (const keyword of keywords) {
      if (keyword.word.length === length && text.startsWith(keyword.word, start))
        return newToken(keyword.word, start, keyword.kind);
    }
  }
  const slot = (length * 31 + first * 7 + text.charCodeAt(end - 1)) & WORDS_MASK;
  let word = words[slot];
  if (word === undefined || word.length !== length || !text.startsWith(word, start)) {
    word = text.substring(start, end);
    words[slot] = word;
  }
  return newToken(word, start, K.Identifier);
}

/** A {@link T.DashedName}: its image is the name read, each `-` made `_`. */
function dashedNameToken(text: string, start: number, end: number): IToken {
  return newToken(underscored(text.substring(start, end)), start, K.DashedName);
}
