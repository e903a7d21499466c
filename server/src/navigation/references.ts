import type { Location, ServerCapabilities } from "vscode-languageserver/node";
import { checkKnownFiles, UriMapper } from "../analysis/checked-files";
import { homePath, locateSymbol } from "../analysis/locate";
import { findOccurrences } from "../analysis/symbol-occurrences";
import type { FeatureContext } from "../feature-context";
import { guarded } from "../session/guard";

/**
 * `textDocument/references`: every occurrence of the symbol under the
 * cursor in every known `.momoflow` file (the workspace's and the open
 * ones), the declaration included when the client asks. Sorted by URI, then
 * position.
 */
export function registerReferences({ connection, session }: FeatureContext): ServerCapabilities {
  connection.onReferences(
    guarded(connection, "references", (params): Location[] | null => {
      const check = session.check(params.textDocument.uri);
      const hit = locateSymbol(check, params.position);
      if (!hit) return null;
      const checks = checkKnownFiles(session, [check.document.path, homePath(hit.symbol)]);
      const includeDeclaration = params.context?.includeDeclaration !== false;
      const uris = new UriMapper(session);
      return findOccurrences(hit.symbol, checks)
        .filter((o) => includeDeclaration || !o.isDeclaration)
        .map((o) => ({ uri: uris.uriOf(o.path), range: o.range }))
        .sort(
          (a, b) =>
            (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0) ||
            a.range.start.line - b.range.start.line ||
            a.range.start.character - b.range.start.character,
        );
    }),
  );
  return { referencesProvider: true };
}
