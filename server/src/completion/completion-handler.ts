/**
 * The `textDocument/completion` handler: it reads the request against the
 * session's checked document and asks {@link provideCompletion} for items.
 */
import type { CompletionList, ServerCapabilities } from "vscode-languageserver/node";
import type { ClientSupport } from "./item-builder";
import { documentFirst, sourceReader, uriToPath } from "../session/workspace-files";
import { type FeatureContext, guarded } from "../feature";
import { COMPLETION_TRIGGERS, provideCompletion } from "./completion";

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
        openFiles: () => session.documents.all().map((open) => uriToPath(open.uri)),
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
