import { SymbolKind } from "vscode-languageserver/node";

/** The LSP symbol kind of each kind of declaration (the outline and workspace symbols agree). */
export const DECLARATION_KINDS = {
  workflow: SymbolKind.Class,
  param: SymbolKind.Property,
  var: SymbolKind.Variable,
  step: SymbolKind.Method,
  command: SymbolKind.Function,
  test: SymbolKind.Event,
} as const;
