import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SymbolInformation } from "vscode-languageserver-protocol";
import { uriOf } from "../support/lsp-client";
import { useWorkspaceSession } from "../support/workspace-session";

/** `workspace/didChangeWorkspaceFolders`, which the server announces it takes. */
describe("language server: workspace folders added and removed (real LSP over stdio)", function () {
  this.timeout(30_000);
  const workspace = useWorkspaceSession({
    prefix: "momoflow-folders-",
    files: { "first.momoflow": 'workflow first_flow {\n  step a {\n    run: "x"\n  }\n}\n' },
  });
  let added: string;

  before(() => {
    added = mkdtempSync(join(tmpdir(), "momoflow-folders-added-"));
    writeFileSync(
      join(added, "second.momoflow"),
      'workflow second_flow {\n  step a {\n    run: "x"\n  }\n}\n',
    );
  });

  after(() => rmSync(added, { recursive: true, force: true }));

  const symbolNames = async (query: string): Promise<string[]> =>
    (await workspace.client.request<SymbolInformation[]>("workspace/symbol", { query })).map(
      (s) => s.name,
    );

  it("announces folder change notifications", () => {
    assert.equal(
      workspace.init.capabilities.workspace?.workspaceFolders?.changeNotifications,
      true,
    );
  });

  it("finds the workflows of a folder added later, and forgets those of a folder removed", async () => {
    assert.deepEqual(await symbolNames("_flow"), ["first_flow"]);
    const folder = { uri: uriOf(added), name: "added" };
    await workspace.client.connection.sendNotification("workspace/didChangeWorkspaceFolders", {
      event: { added: [folder], removed: [] },
    });
    assert.deepEqual((await symbolNames("_flow")).sort(), ["first_flow", "second_flow"]);
    await workspace.client.connection.sendNotification("workspace/didChangeWorkspaceFolders", {
      event: { added: [], removed: [folder] },
    });
    assert.deepEqual(await symbolNames("_flow"), ["first_flow"]);
  });
});
