/**
 * Semantic highlighting, full and by range: names coloured by what they are
 * (a step id is a `method` wherever it is written, a built-in command a
 * `function` with `defaultLibrary`), references inside strings included.
 * This is the protocol's half: the legend (standard LSP names only, so every
 * theme colours them) and the encoding of tokens; token-classifier.ts says
 * what each token is.
 */
import type { ServerCapabilities, SemanticTokensLegend } from "vscode-languageserver/node";
import type { FeatureContext } from "../feature-context";
import { guarded } from "../session/guard";
import { semanticTokensOf, tokenInRange } from "./token-classifier";

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
    guarded(connection, "semanticTokens/full", (params) => ({
      data: encodeSemanticTokens(semanticTokensOf(session.check(params.textDocument.uri))),
    })),
  );
  connection.languages.semanticTokens.onRange(
    guarded(connection, "semanticTokens/range", (params) => ({
      data: encodeSemanticTokens(
        semanticTokensOf(session.check(params.textDocument.uri)).filter((token) =>
          tokenInRange(token, params.range),
        ),
      ),
    })),
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
