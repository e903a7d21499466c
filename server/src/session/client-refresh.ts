/**
 * Asking the client to ask again for what it shows of a document that did
 * not change: its semantic tokens (which depend on what its imports declare)
 * and inlay hints (which depend on the settings). Clients ask for those when
 * a document is edited; a file changed on disk or a setting changed edits
 * none, and without a refresh they keep showing the old answer.
 */
import type { ClientCapabilities, Connection } from "vscode-languageserver/node";

export class ClientRefresh {
  private readonly semanticTokens: boolean;
  private readonly inlayHints: boolean;

  constructor(
    private readonly connection: Connection,
    capabilities: ClientCapabilities,
  ) {
    // Only a client that says it takes these requests gets them.
    this.semanticTokens = capabilities.workspace?.semanticTokens?.refreshSupport === true;
    this.inlayHints = capabilities.workspace?.inlayHint?.refreshSupport === true;
  }

  /** Semantic tokens and inlay hints of every open document are asked for again. */
  views(): void {
    // A client that fails one has nothing to redo: no error is worth a log line.
    if (this.semanticTokens)
      this.connection.languages.semanticTokens.refresh().catch(() => undefined);
    if (this.inlayHints) this.connection.languages.inlayHint.refresh().catch(() => undefined);
  }
}
