import type { ServerCapabilities } from "vscode-languageserver/node";
import type { FeatureContext } from "../feature-context";
import { guarded } from "../session/guard";
import { SEMANTIC_TOKENS_LEGEND } from "./semantic-legend";
import { encodeSemanticTokens } from "./semantic-token-encoding";
import { semanticTokensOf, tokenInRange } from "./semantic-tokens-of-document";

/**
 * Semantic highlighting, full and by range: names coloured by what they are
 * (a step id is a `method` wherever it is written, a built-in command a
 * `function` with `defaultLibrary`), references inside strings included.
 */
export function registerSemanticTokens({
  connection,
  session,
}: FeatureContext): ServerCapabilities {
  connection.languages.semanticTokens.on(
    guarded(connection, "semanticTokens/full", (params) => ({
      data: encodeSemanticTokens(semanticTokensOf(session.check(params.textDocument.uri))),
    })),
  );
  connection.languages.semanticTokens.onRange(
    guarded(connection, "semanticTokens/range", (params) => ({
      data: encodeSemanticTokens(
        semanticTokensOf(session.check(params.textDocument.uri)).filter((token) =>
          tokenInRange(token, params.range),
        ),
      ),
    })),
  );
  return {
    semanticTokensProvider: { legend: SEMANTIC_TOKENS_LEGEND, full: true, range: true },
  };
}
