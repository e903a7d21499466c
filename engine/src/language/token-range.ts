/**
 * LSP positions of tokens. Chevrotain counts lines and columns from 1 and its
 * end column is inclusive; LSP counts from 0 with an exclusive end. Both count
 * columns in UTF-16 code units (JavaScript string indices).
 */
import type { IToken } from "chevrotain";
import type { Position, Range } from "./ast";

export function tokenStart(token: IToken): Position {
  return { line: token.startLine! - 1, character: token.startColumn! - 1 };
}

/** Just after the token's last character (its tokens never end with a line break). */
export function tokenEnd(token: IToken): Position {
  return { line: token.endLine! - 1, character: token.endColumn! };
}

export function tokenRange(token: IToken): Range {
  return { start: tokenStart(token), end: tokenEnd(token) };
}
