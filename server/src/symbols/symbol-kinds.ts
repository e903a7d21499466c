import { SymbolKind } from "vscode-languageserver/node";

/**
 * The LSP symbol kind of each kind of declaration, for display: the outline
 * and workspace symbols agree. Not a protocol: the client learns workflows,
 * params and tests from `momoflow/documentOutline` (protocol.ts), never from
 * these kinds.
 */
export const DECLARATION_KINDS = {
  workflow: SymbolKind.Class,
  param: SymbolKind.Property,
  var: SymbolKind.Variable,
  step: SymbolKind.Method,
  command: SymbolKind.Function,
  test: SymbolKind.Event,
} as const;
