/**
 * The client's side of `momoflow/documentOutlineChanged` (declared in
 * server/src/protocol.ts). No `vscode` import here: the language client is
 * taken by shape, and the feature is a static feature of it by shape, so
 * this is unit-tested against the real server with plain objects.
 */
import type { ClientCapabilities } from "vscode-languageserver-protocol";
import {
  DocumentOutlineChangedNotification,
  type DocumentOutlineChangedParams,
  type MomoflowClientCapabilities,
} from "../../../server/src/protocol";

/** The language client, by shape: what hearing the notification takes. */
export interface OutlineChangesClient {
  onNotification(
    type: typeof DocumentOutlineChangedNotification,
    handler: (params: DocumentOutlineChangedParams) => void,
  ): { dispose(): void };
}

/**
 * Tells the server, in `initialize`, that this client takes
 * `momoflow/documentOutlineChanged`, and hands `changed` the URI of each
 * document the server names: one whose outline may have changed through a
 * file it imports, though it was not edited. A static feature of each
 * language client (`registerFeature`): a restarted server is told again.
 */
export class OutlineChangesFeature {
  private registration: { dispose(): void } | undefined;

  constructor(
    private readonly client: OutlineChangesClient,
    private readonly changed: (uri: string) => void,
  ) {}

  fillClientCapabilities(capabilities: ClientCapabilities): void {
    const ours: MomoflowClientCapabilities = { documentOutlineChanged: true };
    capabilities.experimental = { ...(capabilities.experimental as object | undefined), ...ours };
  }

  /** The server answered `initialize`: its notifications are heard from now on. */
  initialize(): void {
    this.registration?.dispose();
    this.registration = this.client.onNotification(DocumentOutlineChangedNotification, (params) =>
      this.changed(params.textDocument.uri),
    );
  }

  getState(): { kind: "static" } {
    return { kind: "static" };
  }

  /** The client stopped (or restarts): nothing is heard until the next `initialize`. */
  clear(): void {
    this.registration?.dispose();
    this.registration = undefined;
  }
}
