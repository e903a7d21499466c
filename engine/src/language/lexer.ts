/**
 * Turns `.momoflow` text into tokens. Lexing never fails: unknown characters
 * are skipped and unterminated strings and comments still become tokens, and
 * each of these becomes a {@link SyntaxProblem} with a precise range.
 */
import { Lexer, type IToken, type TokenType } from "chevrotain";
import type { Range } from "./ast";
import type { LineIndex } from "./line-index";
import { isDottedNumber, malformedNumberMessage } from "./numeric-literal";
import type { SyntaxProblem } from "./syntax-problem";
import { scanTokens } from "./token-scanner";
import * as T from "./tokens";
import { underscored } from "./dashed-name";

/** The tokens of a document and what was wrong with its characters. */
export interface LexedDocument {
  /**
   * Tokens the parser reads (no whitespace, no comments). They record where
   * they start only, as an offset: token-range.ts gives their positions.
   */
  tokens: IToken[];
  /** Comments in document order: line, doc and block comments. */
  comments: IToken[];
  problems: SyntaxProblem[];
  /** The {@link T.DashedName}s among `tokens`, in order: each is an MF001 (dashed-name.ts). */
  dashed: IToken[];
}

/**
 * A new Chevrotain lexer of tokens.ts: the reference that token-scanner.ts,
 * which lexes documents, is tested against (it reads the same tokens
 * faster). `validate` runs Chevrotain's checks of the token definitions (a
 * test does).
 */
export function newMomoflowLexer(options: { validate?: boolean } = {}): Lexer {
  return new MomoflowLexer(
    // Keywords are read as identifiers, then told apart: see KEYWORDS.
    T.lexerTokens.filter((type) => !T.keywordTokens.includes(type)),
    {
      // Lines, columns and ends are derived when needed: see token-range.ts.
      positionTracking: "onlyOffset",
      // Fail loudly at construction if a pattern defeats the first-character optimisation.
      ensureOptimizations: true,
      recoveryEnabled: true,
      skipValidations: options.validate !== true,
    },
  );
}

/**
 * The keywords by word. The lexer reads them as identifiers and
 * {@link MomoflowLexer} tells them apart: one pattern tried per word instead
 * of each keyword starting with its letter and then the identifier (every
 * keyword has the identifier as its longer alternative, so a word is a
 * keyword exactly when it is one whole).
 */
const KEYWORDS: ReadonlyMap<string, { type: TokenType; word: string }> = new Map(
  // A keyword's pattern is its word.
  T.keywordTokens.map((type) => {
    const word = (type.PATTERN as RegExp).source;
    return [word, { type, word }];
  }),
);
const LONGEST_KEYWORD = Math.max(...[...KEYWORDS.keys()].map((word) => word.length));

/**
 * Chevrotain's lexer, each identifier that is a keyword made that keyword's
 * token as it is read. The reference of {@link scanTokens}, which lexes
 * documents: a test compares the two.
 */
class MomoflowLexer extends Lexer {
  // Chevrotain makes every token through this method (positionTracking
  // "onlyOffset"); its typings do not declare it.
  createOffsetOnlyToken(
    image: string,
    startOffset: number,
    tokenTypeIdx: number,
    tokenType: TokenType,
  ): IToken {
    if (tokenType === T.Identifier && image.length <= LONGEST_KEYWORD) {
      const keyword = KEYWORDS.get(image);
      if (keyword !== undefined)
        return {
          image: keyword.word,
          startOffset,
          tokenTypeIdx: keyword.type.tokenTypeIdx!,
          tokenType: keyword.type,
        } as IToken;
    }
    // `fetch-data` is read as `fetch_data` (see T.DashedName).
    const read = tokenType === T.DashedName ? underscored(image) : image;
    return { image: read, startOffset, tokenTypeIdx, tokenType } as IToken;
  }
}

/** How much of a `#` comment its problem's message writes out again. */
const COMMENT_SHOWN = 40;

/** Lexes `text`; `lines` maps offsets of problems to positions. */
export function lexDocument(text: string, lines: LineIndex): LexedDocument {
  const result = scanTokens(text);
  const problems: SyntaxProblem[] = [];
  const span = (start: number, end: number): Range => ({
    start: lines.positionAt(start),
    end: lines.positionAt(end),
  });
  const report = (message: string, start: number, end: number, replacement?: string): void => {
    problems.push({
      message,
      range: span(start, end),
      offset: start,
      ...(replacement === undefined ? {} : { replacement }),
    });
  };

  for (const error of result.errors) {
    const characters = text.substr(error.offset, error.length);
    report(unexpectedCharacters(characters), error.offset, error.offset + error.length);
  }
  // An index, not for…of: this loop runs once per document, before the JIT
  // has optimised it, and each step of an iterator is then an object.
  const tokens = result.tokens;
  const dashed: IToken[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const type = token.tokenType;
    const start = token.startOffset;
    if (type === T.DashedName) {
      dashed.push(token);
    } else if (type === T.UnterminatedString) {
      report('unterminated string: add a closing `"`', start, start + token.image.length);
    } else if (type === T.UnterminatedTripleQuotedString) {
      report('unterminated multi-line string: add a closing `"""`', start, start + 3);
    } else if (type === T.SingleQuotedString) {
      const doubled = `"${token.image.slice(1, -1).replace(/\\|"/g, "\\$&")}"`;
      const message = `a string is written in double quotes: \`${doubled}\``;
      report(message, start, start + token.image.length, doubled);
    } else if (type === T.MalformedNumber) {
      const dotted = isDottedNumber(token.image) ? `"${token.image}"` : undefined;
      report(malformedNumberMessage(token.image), start, start + token.image.length, dotted);
    }
  }
  const comments = result.comments;
  for (const comment of comments) {
    if (comment.tokenType === T.HashComment) {
      const words = comment.image.slice(1).trim();
      const text = words.length > COMMENT_SHOWN ? `${words.slice(0, COMMENT_SHOWN)}…` : words;
      report(
        `a comment starts with \`//\`, not \`#\`: write \`// ${text}\``,
        comment.startOffset,
        comment.startOffset + 1,
        "//",
      );
    } else if (comment.tokenType === T.UnterminatedBlockComment) {
      report(
        "unterminated block comment: add a closing `*/`",
        comment.startOffset,
        comment.startOffset + 2,
      );
    }
  }
  problems.sort((a, b) => a.offset - b.offset);
  return { tokens, comments, problems, dashed };
}

/** "unexpected character `#`", naming invisible characters by code point. */
function unexpectedCharacters(characters: string): string {
  const all = [...characters];
  const shown = all.slice(0, 16);
  const more = all.length > shown.length ? "…" : "";
  const noun = all.length === 1 ? "character" : "characters";
  if (shown.every(isPrintable)) return `unexpected ${noun} \`${shown.join("")}${more}\``;
  return `unexpected ${noun} ${shown.map(codePoint).join(" ")}${more}`;
}

function isPrintable(character: string): boolean {
  const code = character.codePointAt(0)!;
  if (code <= 0x20 || (code >= 0x7f && code < 0xa0)) return false;
  // lone surrogates and the replacement character come from broken encodings
  return !(code >= 0xd800 && code <= 0xdfff) && code !== 0xfffd;
}

function codePoint(character: string): string {
  return `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
}
