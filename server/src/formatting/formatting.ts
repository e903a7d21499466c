import type { ServerCapabilities, TextEdit } from "vscode-languageserver/node";
import { formatDocument } from "@momoflow/language";
import type { FeatureContext } from "../feature-context";
import { minimalTextEdit } from "./minimal-text-edit";
import { guarded } from "../session/guard";

/**
 * Format Document: exactly what `momoflow fmt` writes (the same function,
 * with its own indentation of two spaces, so the editor and the CLI never
 * disagree), as one edit. A file with syntax errors is left alone: no edits,
 * no error (the diagnostics already say what is wrong).
 */
export function registerFormatting({ connection, session }: FeatureContext): ServerCapabilities {
  connection.onDocumentFormatting(
    guarded(connection, "formatting", (params): TextEdit[] => {
      const text = session.check(params.textDocument.uri).document.text;
      const result = formatDocument(text);
      if (!result.ok) return [];
      const edit = minimalTextEdit(text, result.text);
      return edit ? [edit] : [];
    }),
  );
  return { documentFormattingProvider: true };
}
