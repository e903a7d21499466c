import assert from "node:assert/strict";
import {
  DocumentOutlineChangedNotification,
  type DocumentOutlineChangedParams,
  DocumentOutlineRequest,
} from "../../src/protocol";
import { useWorkspaceSession, type WorkspaceSession } from "../support/workspace-session";

const FILES = {
  "base.momoflow": 'command upload(file: path) {\n  run: "scp ${file} host:"\n}',
  "lib.momoflow":
    'import "./base.momoflow"\ncommand push(file: path) {\n  run: upload(file: file)\n}',
  "main.momoflow":
    'import "./lib.momoflow"\nworkflow main {\n  step deploy {\n    run: push(file: "a.txt")\n  }\n}',
  "other.momoflow": 'workflow other {\n  step alone {\n    run: "echo alone"\n  }\n}',
};

const METHOD = DocumentOutlineChangedNotification.method;

/** The URIs of the documents the server said `momoflow/documentOutlineChanged` of, from index `since`. */
function toldOf(workspace: WorkspaceSession, since: number): string[] {
  return workspace.client.notifications
    .slice(since)
    .filter((n) => n.method === METHOD)
    .map((n) => (n.params as DocumentOutlineChangedParams).textDocument.uri);
}

/**
 * A request answered after every notification the server sent before it:
 * what it has sent for a change is all in once this resolves.
 */
async function roundTrip(workspace: WorkspaceSession, uri: string): Promise<void> {
  await workspace.client.connection.sendRequest(DocumentOutlineRequest, { textDocument: { uri } });
}

describe("momoflow/documentOutlineChanged: an open document's outline changed through its imports (real LSP over stdio)", function () {
  this.timeout(30_000);
  const workspace = useWorkspaceSession({
    prefix: "momoflow-outline-changes-",
    files: FILES,
    clientCapabilities: { experimental: { documentOutlineChanged: true } },
  });
  let main = "";
  let other = "";
  let lib = "";

  before(async () => {
    main = (await workspace.openChecked("main.momoflow")).uri;
    other = (await workspace.openChecked("other.momoflow")).uri;
    lib = (await workspace.openChecked("lib.momoflow")).uri;
  });

  /** Waits for the notification about `uri` sent after index `since`. */
  const toldAbout = (uri: string, since: number) =>
    workspace.client.waitForNotification(
      METHOD,
      since,
      (params) => (params as DocumentOutlineChangedParams).textDocument.uri === uri,
    );

  it("is sent for each open document that imports an edited document, and for no other", async () => {
    const since = workspace.client.notifications.length;
    const line = 2;
    await workspace.client.change(lib, [
      {
        range: { start: { line, character: 0 }, end: { line, character: 0 } },
        text: "  // the upload\n",
      },
    ]);
    await toldAbout(main, since);
    await roundTrip(workspace, main);
    // Not the edited document (its client asks again), nor one that does not import it.
    assert.deepEqual(toldOf(workspace, since), [main]);
  });

  it("is sent when a file imported through another import changes on disk", async () => {
    const since = workspace.client.notifications.length;
    workspace.write(
      "base.momoflow",
      'command upload(file: path) {\n  run: "rsync ${file} host:"\n}',
    );
    await workspace.client.fileChanged(workspace.uri("base.momoflow"), 2);
    await toldAbout(main, since);
    await toldAbout(lib, since);
    await roundTrip(workspace, main);
    assert.deepEqual(toldOf(workspace, since).sort(), [lib, main].sort());
  });

  it("is sent when an imported document is closed (its file on disk counts again)", async () => {
    const since = workspace.client.notifications.length;
    await workspace.client.closeDocument(lib);
    await toldAbout(main, since);
    await roundTrip(workspace, main);
    assert.deepEqual(toldOf(workspace, since), [main]);
  });

  it("is not sent when what the documents read stays the same: an imported document saved, or opened on the disk's text", async () => {
    const since = workspace.client.notifications.length;
    await workspace.client.fileChanged(workspace.uri("base.momoflow"), 2);
    await workspace.open("lib.momoflow");
    await workspace.client.waitForDiagnostics(workspace.uri("lib.momoflow"));
    await roundTrip(workspace, main);
    assert.deepEqual(toldOf(workspace, since), []);
    await workspace.client.closeDocument(workspace.uri("lib.momoflow"));
  });

  it("is not sent when a file no open document imports changes", async () => {
    const since = workspace.client.notifications.length;
    workspace.write("unrelated.momoflow", "workflow unrelated {}");
    await workspace.client.fileChanged(workspace.uri("unrelated.momoflow"), 1);
    await workspace.client.waitForDiagnostics(other);
    await roundTrip(workspace, main);
    assert.deepEqual(toldOf(workspace, since), []);
  });
});

describe("momoflow/documentOutlineChanged to a client that does not say it takes it (real LSP over stdio)", function () {
  this.timeout(30_000);
  const workspace = useWorkspaceSession({ prefix: "momoflow-outline-changes-off-", files: FILES });

  it("is never sent", async () => {
    const main = (await workspace.openChecked("main.momoflow")).uri;
    const lib = (await workspace.openChecked("lib.momoflow")).uri;
    await workspace.client.change(lib, [
      {
        range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } },
        text: "  // the upload\n",
      },
    ]);
    // Main's diagnostics are published again after the change of what it imports.
    await workspace.client.waitForPublish(main, 1);
    await roundTrip(workspace, main);
    assert.deepEqual(toldOf(workspace, 0), []);
  });
});
