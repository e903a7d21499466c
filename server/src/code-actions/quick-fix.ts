import type { TextDocument } from "vscode-languageserver-textdocument";
import type { TextEdit } from "vscode-languageserver/node";
import type { Diagnostic, CheckResult } from "@momoflow/language";

/**
 * What a quick fix is computed from: the current text of the document, its
 * current check result, and one of that result's diagnostics (never a stale
 * one from the client: its data and ranges are those of the current text).
 */
export interface QuickFixInput {
  document: TextDocument;
  result: CheckResult;
  diagnostic: Diagnostic;
}

/** One fix: the title shown in the editor and the edits to the document. */
export interface QuickFix {
  title: string;
  edits: TextEdit[];
  /** The fix the editor applies on "auto fix" (the nearest suggestion). */
  isPreferred?: boolean;
}
