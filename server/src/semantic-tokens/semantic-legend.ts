import type { SemanticTokensLegend } from "vscode-languageserver/node";

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
