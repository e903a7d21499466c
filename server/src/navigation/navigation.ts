/**
 * Moving between the occurrences of the symbol under the cursor, found by
 * analysis/locate.ts: its definition, its references in every known file, and
 * its highlights in the document.
 */
import {
  type Location,
  type ServerCapabilities,
  DocumentHighlightKind,
  type DocumentHighlight,
} from "vscode-languageserver/node";
import { UriMapper, checkKnownFiles } from "../session/language-session";
import { homePath, locateSymbol, findOccurrences } from "../analysis/locate";
import type { FeatureContext } from "../feature-context";
import { guarded } from "../session/guard";
import { pathToUri } from "../session/workspace-files";

/**
 * `textDocument/definition`: from any occurrence of a declared symbol to its
 * declaration's name, across files (an imported command or workflow is
 * declared in the imported file); from an import path to the start of the
 * imported file. What the language itself defines (built-in commands,
 * properties, statuses, types) has no definition.
 */
export function registerDefinition({ connection, session }: FeatureContext): ServerCapabilities {
  connection.onDefinition(
    guarded(connection, "definition", (params): Location | Location[] | null => {
      const check = session.check(params.textDocument.uri);
      const hit = locateSymbol(check, params.position);
      if (!hit) return null;
      const symbol = hit.symbol;
      const home = homePath(symbol);
      if (home === undefined) return null;
      if (symbol.kind === "import") {
        if (session.workspace.getText(home) === undefined) return null;
        const start = { line: 0, character: 0 };
        return { uri: new UriMapper(session).uriOf(home), range: { start, end: start } };
      }
      const declarations = findOccurrences(symbol, [session.check(pathToUri(home))]).filter(
        (o) => o.isDeclaration,
      );
      if (declarations.length === 0) return null;
      const uris = new UriMapper(session);
      const locations = declarations.map((d) => ({ uri: uris.uriOf(d.path), range: d.range }));
      return locations.length === 1 ? locations[0]! : locations;
    }),
  );
  return { definitionProvider: true };
}

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
