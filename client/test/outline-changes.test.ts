import assert from "node:assert/strict";
import type { ClientCapabilities } from "vscode-languageserver-protocol";
import { useWorkspaceSession } from "../../server/test/support/workspace-session";
import { OutlineChangesFeature, type OutlineChangesClient } from "../src/outline/outline-changes";
import type { DocumentOutlineChangedParams } from "../../server/src/protocol";

const METHOD = "momoflow/documentOutlineChanged";

/**
 * The language client by shape, as vscode-languageclient dispatches: each
 * notification of the server goes to the handler registered for its method.
 */
class Dispatcher implements OutlineChangesClient {
  private readonly handlers = new Map<string, (params: DocumentOutlineChangedParams) => void>();

  onNotification(
    type: { method: string },
    handler: (params: DocumentOutlineChangedParams) => void,
  ): { dispose(): void } {
    this.handlers.set(type.method, handler);
    return { dispose: () => this.handlers.delete(type.method) };
  }

  deliver(method: string, params: unknown): void {
    this.handlers.get(method)?.(params as DocumentOutlineChangedParams);
  }
}

describe("the client's side of momoflow/documentOutlineChanged (against the real server)", function () {
  this.timeout(30_000);
  const dispatcher = new Dispatcher();
  const told: string[] = [];
  const feature = new OutlineChangesFeature(dispatcher, (uri) => told.push(uri));
  // What the language client fills in before `initialize`, as it would.
  const capabilities: ClientCapabilities = { experimental: { other: 1 } };
  feature.fillClientCapabilities(capabilities);
  const workspace = useWorkspaceSession({
    prefix: "momoflow-client-outline-changes-",
    files: {
      "lib.momoflow": 'command push {\n  run: "echo push"\n}',
      "main.momoflow":
        'import "./lib.momoflow"\nworkflow main {\n  step deploy {\n    run: push()\n  }\n}',
    },
    clientCapabilities: capabilities,
  });

  it("says it takes the notification, beside what else the client says", () => {
    assert.deepEqual(capabilities.experimental, { other: 1, documentOutlineChanged: true });
  });

  it("hands on the document whose import was edited, while initialized", async () => {
    feature.initialize();
    const main = (await workspace.openChecked("main.momoflow")).uri;
    const lib = (await workspace.openChecked("lib.momoflow")).uri;
    const since = workspace.client.notifications.length;
    await workspace.client.change(lib, [
      {
        range: { start: { line: 1, character: 14 }, end: { line: 1, character: 18 } },
        text: "pushed",
      },
    ]);
    const params = await workspace.client.waitForNotification(METHOD, since);
    dispatcher.deliver(METHOD, params);
    assert.deepEqual(told, [main]);
    // Stopped: the server's notifications are no longer heard.
    feature.clear();
    dispatcher.deliver(METHOD, params);
    assert.deepEqual(told, [main]);
  });
});
