import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { State } from "vscode-languageclient/node";
import { EXTENSION_ID, extensionApi, openInEditor, waitFor } from "../support/workspace";

describe("activation", () => {
  it("opening a .momoflow file activates the extension and starts the language server", async () => {
    const document = await openInEditor("report.momoflow");
    assert.equal(document.languageId, "momoflow");
    const api = await extensionApi();
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID)?.isActive);
    await waitFor("the language client to be running", () =>
      api.services.client()?.state === State.Running ? true : undefined,
    );
    assert.ok(vscode.workspace.isTrusted, "this half of the suite runs in a trusted workspace");
  });
});
