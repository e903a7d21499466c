import assert from "node:assert/strict";
import { LspTestClient } from "../support/lsp-client";

/** Settings of a client that cannot be asked for them (no `workspace/configuration`). */
describe("language server: settings pushed by the client (real LSP over stdio)", function () {
  this.timeout(30_000);
  let client: LspTestClient;

  before(async () => {
    client = new LspTestClient();
    await client.request("initialize", { processId: process.pid, rootUri: null, capabilities: {} });
    await client.connection.sendNotification("initialized", {});
  });

  after(() => client.close());

  it("takes momoflow.maxNumberOfProblems from didChangeConfiguration's settings", async () => {
    await client.connection.sendNotification("workspace/didChangeConfiguration", {
      settings: { momoflow: { maxNumberOfProblems: 1 } },
    });
    const uri = "untitled:pushed-settings";
    await client.open(
      uri,
      'workflow w {\n  step a {\n    needs: [x, y, z]\n    run: "x"\n  }\n}\n',
    );
    assert.equal((await client.waitForDiagnostics(uri, 1)).length, 1, "three problems, one shown");
  });
});
