/**
 * Telling the client when an open document's outline may have changed
 * though its text did not. Its steps' definitions quote the commands and
 * workflows they call in the files it imports (the language's definition/called-declarations.ts), so
 * an edit there, closing such a file's editor (its text on disk counts
 * again) or a change on disk may change them; the client, which asks for an
 * outline when a document is edited, would not ask again and would keep
 * showing a step's figures as current. Which documents read a file is what
 * their last check read (the same files the outline follows): the
 * diagnostics re-check every open document after any change, and the
 * workspace's cache makes that check, here or there, a few lookups.
 */
import type { FeatureContext } from "../feature";
import { DocumentOutlineChangedNotification, type MomoflowClientCapabilities } from "../protocol";
import { isInFolder, uriToPath } from "../session/workspace-files";

/**
 * Sends {@link DocumentOutlineChangedNotification} for each open document
 * that imports (directly or not) a file whose text changed, once per burst
 * of changes (on the next turn of the event loop), to a client that says it
 * takes it. The changed document itself is left out: its client asks again.
 * A change that leaves what a document reads as it was tells nothing: saving
 * an imported file that is open (its editor's text counts, not the disk's),
 * or opening its editor on the text of the disk.
 */
export function notifyOutlineChanges({ connection, session, client }: FeatureContext): void {
  const experimental = client.experimental as MomoflowClientCapabilities | undefined;
  if (experimental?.documentOutlineChanged !== true) return;
  const changed = new Set<string>();
  /** The text of each file the open documents read, as of the last round (undefined: none). */
  let seen = new Map<string, string | undefined>();
  const tell = (): void => {
    const paths = [...changed];
    changed.clear();
    const now = new Map<string, string | undefined>();
    for (const document of session.documents.all()) {
      const own = uriToPath(document.uri);
      try {
        session.check(document.uri);
      } catch {
        continue; // The diagnostics log it; nothing is known of what it reads.
      }
      const read = session.workspace.filesRead(own);
      for (const file of read) if (!now.has(file)) now.set(file, session.workspace.getText(file));
      if (paths.includes(own)) continue;
      const changedThere = (file: string): boolean =>
        file !== own &&
        paths.some((path) => isInFolder(file, path)) &&
        (!seen.has(file) || seen.get(file) !== now.get(file));
      if (!read.some(changedThere)) continue;
      void connection
        .sendNotification(DocumentOutlineChangedNotification, {
          textDocument: { uri: document.uri },
        })
        .catch(() => undefined);
    }
    seen = now;
  };
  session.onDidChange((path) => {
    if (changed.size === 0)
      setImmediate(() => {
        try {
          tell();
        } catch (error) {
          connection.console.error(
            `momoflow: telling outline changes failed: ${(error as Error).stack ?? String(error)}`,
          );
        }
      });
    changed.add(path);
  });
}
