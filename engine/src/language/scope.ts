import type { CommandSignature } from "../commands/command";
import type { CommandDeclaration, SourceFile, TestDeclaration, WorkflowDeclaration } from "./ast";
import type { Diagnostic } from "./diagnostic";

/** A command declared in a `.momoflow` file (this one or an imported one). */
export interface DeclaredCommandSymbol {
  kind: "declared";
  name: string;
  decl: CommandDeclaration;
  /** The file that declares it. */
  path: string;
}

/** A command of the engine's registry (language.md §5), always in scope. */
export interface BuiltinCommandSymbol {
  kind: "builtin";
  name: string;
  signature: CommandSignature;
}

export type CommandSymbol = DeclaredCommandSymbol | BuiltinCommandSymbol;

/** A workflow declared in this file or an imported one. */
export interface WorkflowSymbol {
  name: string;
  decl: WorkflowDeclaration;
  path: string;
}

/** A test block of this file. */
export interface TestSymbol {
  name: string;
  decl: TestDeclaration;
  path: string;
}

/** What a file's file-level names mean: its own declarations, its imports', and the built-ins. */
export interface FileScope {
  path: string;
  commands: Map<string, CommandSymbol>;
  workflows: Map<string, WorkflowSymbol>;
  tests: Map<string, TestSymbol>;
  /** Absolute paths of the files this one imports (resolved, existing), in order. */
  imports: string[];
}

/** A parsed document, as the workspace caches it. */
export interface ParsedDocument {
  path: string;
  text: string;
  file: SourceFile;
  /** MF001 diagnostics of the lexer and parser. */
  syntaxDiagnostics: Diagnostic[];
}

/** The outcome of checking one file. */
export interface CheckResult {
  document: ParsedDocument;
  /** Every diagnostic of the file (syntax and semantic), sorted by position. */
  diagnostics: Diagnostic[];
  scope: FileScope;
}
