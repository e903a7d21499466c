import type { ServerCapabilities } from "vscode-languageserver/node";
import type { FeatureContext } from "../feature-context";
import { foldingRegions } from "./folding-regions";
import { guarded } from "../session/guard";

/** Folding: blocks, lists, maps and call arguments that span lines, `"""` strings, comments, imports. */
export function registerFoldingRanges({ connection, session }: FeatureContext): ServerCapabilities {
  connection.onFoldingRanges(
    guarded(connection, "foldingRange", (params) => {
      const { document } = session.check(params.textDocument.uri);
      return foldingRegions(document.text, document.file);
    }),
  );
  return { foldingRangeProvider: true };
}
