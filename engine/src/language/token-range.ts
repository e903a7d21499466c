/**
 * LSP positions of tokens: 0-based lines and UTF-16 columns, with an
 * exclusive end.
 *
 * The lexer records only where tokens start, as offsets ("onlyOffset"
 * tracking): tokens with five fewer fields than Chevrotain's full tracking,
 * and no line counting in the lexer. Lines and columns come from the
 * document's line index when a position is needed; a token on one line ends
 * its length further; the few that may span lines (`"""` strings, block
 * comments) are measured with the line index too.
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

export function tokenStart(token: IToken, lines: LineIndex): Position {
  return lines.positionAt(token.startOffset);
}

/** Just after the token's last character; `start` is where it starts, when known. */
export function tokenEnd(token: IToken, lines: LineIndex, start?: Position): Position {
  if (isMultiLine(token.tokenType)) return lines.positionAt(token.startOffset + token.image.length);
  const from = start ?? lines.positionAt(token.startOffset);
  return { line: from.line, character: from.character + token.image.length };
}

export function tokenRange(token: IToken, lines: LineIndex): Range {
  const start = tokenStart(token, lines);
  return { start, end: tokenEnd(token, lines, start) };
}
