/**
 * `textDocument/completion`: what fits at the cursor, decided from the
 * tokens before it and the document's checked tree (see ../completion).
 */
import type { CompletionList, ServerCapabilities } from "vscode-languageserver/node";
import { provideCompletion } from "./completion-provider";
import type { ClientSupport } from "./item-builder";
import type { FeatureContext } from "../feature-context";
import { sourceReader, documentFirst } from "../session/source-reader";
import { guarded } from "../session/guard";
import { uriToPath } from "../session/workspace-files";

/** Characters after which the editor asks for completion by itself. */
export const COMPLETION_TRIGGERS = [".", ":", "{", "(", "[", " ", ",", "$"];

/**
 * What the client is assumed to take. Feature registration does not see the
 * client's capabilities; every editor momoflow targets takes snippets, and a
 * plain edit over the typed word is what every client understands.
 */
const SUPPORT: ClientSupport = { snippets: true, insertReplace: false };

export function registerCompletion({ connection, session }: FeatureContext): ServerCapabilities {
  // Kept across requests: it indexes the lines of each other file once per text.
  const files = sourceReader((path) => session.workspace.getText(path));
  connection.onCompletion(
    guarded(connection, "completion", (params): CompletionList | null => {
      const document = session.document(params.textDocument.uri);
      if (!document) return null;
      const check = session.check(params.textDocument.uri);
      // The workspace holds the open document's text: a mismatch means a stale request.
      if (check.document.text !== document.getText()) return null;
      const query = {
        check,
        offset: document.offsetAt(params.position),
        positions: document,
        support: SUPPORT,
        source: documentFirst(check.document.path, document, files),
        files: () => session.knownUris().map(uriToPath),
        ...(params.context?.triggerCharacter
          ? { triggerCharacter: params.context.triggerCharacter }
          : {}),
      };
      return { isIncomplete: false, items: provideCompletion(query) };
    }),
  );
  return {
    completionProvider: { triggerCharacters: COMPLETION_TRIGGERS, resolveProvider: false },
  };
}
