import {
  DocumentHighlightKind,
  type DocumentHighlight,
  type ServerCapabilities,
} from "vscode-languageserver/node";
import { locateSymbol } from "../analysis/locate";
import { findOccurrences } from "../analysis/symbol-occurrences";
import type { FeatureContext } from "../feature-context";
import { guarded } from "../session/guard";

/**
 * `textDocument/documentHighlight`: the occurrences of the symbol under the
 * cursor in the same document; its declaration is a write, every use a read.
 */
export function registerDocumentHighlights({
  connection,
  session,
}: FeatureContext): ServerCapabilities {
  connection.onDocumentHighlight(
    guarded(connection, "documentHighlight", (params): DocumentHighlight[] | null => {
      const check = session.check(params.textDocument.uri);
      const hit = locateSymbol(check, params.position);
      if (!hit) return null;
      return findOccurrences(hit.symbol, [check]).map((o) => ({
        range: o.range,
        kind: o.isDeclaration ? DocumentHighlightKind.Write : DocumentHighlightKind.Read,
      }));
    }),
  );
  return { documentHighlightProvider: true };
}
