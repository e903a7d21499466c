import {
  type TokenModifier,
  type TokenType,
  modifierBits,
  tokenTypeIndex,
} from "./semantic-legend";

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
 * expect strictly increasing positions.
 */
export function encodeSemanticTokens(tokens: readonly SemanticToken[]): number[] {
  const sorted = tokens
    .filter((t) => t.length > 0)
    .sort((a, b) => a.line - b.line || a.character - b.character);
  const data: number[] = [];
  let line = 0;
  let character = 0;
  let end = 0;
  for (const token of sorted) {
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
      modifierBits(token.modifiers),
    );
    line = token.line;
    character = start;
    end = start + length;
  }
  return data;
}

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
