import type {
  Position,
  SemanticTokens,
  SemanticTokensLegend,
} from "vscode-languageserver-protocol/node";

/** A decoded semantic token: line, start, length, type, modifiers. */
export type DecodedToken = [number, number, number, string, string[]];

/** The tokens of a `textDocument/semanticTokens` answer, positions made absolute and types named. */
export function decodeSemanticTokens(
  tokens: SemanticTokens,
  legend: SemanticTokensLegend,
): DecodedToken[] {
  const out: DecodedToken[] = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i < tokens.data.length; i += 5) {
    const [deltaLine, deltaStart, length, type, modifiers] = tokens.data.slice(i, i + 5) as [
      number,
      number,
      number,
      number,
      number,
    ];
    line += deltaLine;
    character = deltaLine === 0 ? character + deltaStart : deltaStart;
    out.push([
      line,
      character,
      length,
      legend.tokenTypes[type]!,
      legend.tokenModifiers.filter((_, bit) => (modifiers & (1 << bit)) !== 0),
    ]);
  }
  return out;
}

/** The type and modifiers of the token that starts at a position, if one does. */
export function tokenStartingAt(
  tokens: SemanticTokens,
  legend: SemanticTokensLegend,
): (position: Position) => [string, string[]] | undefined {
  const byStart = new Map<string, [string, string[]]>();
  for (const [line, character, , type, modifiers] of decodeSemanticTokens(tokens, legend))
    byStart.set(`${line}:${character}`, [type, modifiers]);
  return (p) => byStart.get(`${p.line}:${p.character}`);
}
