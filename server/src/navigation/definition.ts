import type { Location, ServerCapabilities } from "vscode-languageserver/node";
import { UriMapper } from "../analysis/checked-files";
import { homePath, locateSymbol } from "../analysis/locate";
import { findOccurrences } from "../analysis/symbol-occurrences";
import type { FeatureContext } from "../feature-context";
import { guarded } from "../session/guard";
import { pathToUri } from "../session/uri";

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
