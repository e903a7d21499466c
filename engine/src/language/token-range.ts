/**
 * LSP positions of tokens. Chevrotain counts lines and columns from 1; LSP
 * from 0, with an exclusive end. Both count columns in UTF-16 code units
 * (JavaScript string indices).
 *
 * The lexer records only where tokens start ("onlyStart" tracking): tokens
 * with three fewer fields halve the time lexing spends collecting garbage.
 * Ends are derived: a token on one line ends its length further; the few
 * that may span lines (`"""` strings, block comments) are measured with the
 * document's line index.
 */
import type { IToken, TokenType } from "chevrotain";
import type { Position, Range } from "./ast";
import type { LineIndex } from "./line-index";
import * as T from "./tokens";

/** The tokens that may span lines. Compared, not looked up in a set: this runs for most tokens. */
function isMultiLine(type: TokenType): boolean {
  return (
    type === T.TripleQuotedString ||
    type === T.UnterminatedTripleQuotedString ||
    type === T.BlockComment ||
    type === T.UnterminatedBlockComment
  );
}

export function tokenStart(token: IToken): Position {
  return { line: token.startLine! - 1, character: token.startColumn! - 1 };
}

/** Just after the token's last character. */
export function tokenEnd(token: IToken, lines: LineIndex): Position {
  if (isMultiLine(token.tokenType)) return lines.positionAt(token.startOffset + token.image.length);
  return { line: token.startLine! - 1, character: token.startColumn! - 1 + token.image.length };
}

export function tokenRange(token: IToken, lines: LineIndex): Range {
  return { start: tokenStart(token), end: tokenEnd(token, lines) };
}
