import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LspTestClient, uriOf } from "../support/lsp-client";

/**
 * Semantic tokens and inlay hints of an unchanged document are asked for
 * again after what they depend on changed elsewhere, when the client takes
 * `workspace/semanticTokens/refresh` and `workspace/inlayHint/refresh`.
 */
describe("language server: refreshing the client's views (real LSP over stdio)", function () {
  this.timeout(30_000);
  let dir: string;
  let client: LspTestClient;

  const start = async (refreshSupport: boolean): Promise<void> => {
    dir = mkdtempSync(join(tmpdir(), "momoflow-refresh-"));
    client = new LspTestClient();
    await client.request("initialize", {
      processId: process.pid,
      rootUri: uriOf(dir),
      capabilities: {
        workspace: {
          didChangeWatchedFiles: { dynamicRegistration: true },
          semanticTokens: { refreshSupport },
          inlayHint: { refreshSupport },
        },
      },
    });
    await client.connection.sendNotification("initialized", {});
  };

  afterEach(async () => {
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const refreshes = (): string[] => client.serverRequests.filter((m) => m.endsWith("/refresh"));

  /** Waits until `count` refresh requests have arrived (or returns those there are after 15 s). */
  const waitForRefreshes = async (count: number): Promise<string[]> => {
    const deadline = Date.now() + 15_000;
    while (refreshes().length < count && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    return refreshes();
  };

  it("asks again after an imported file changed on disk and after the settings changed", async () => {
    await start(true);
    const lib = join(dir, "lib.momoflow");
    writeFileSync(lib, 'command greet() {\n  run: "echo hi"\n}\n');
    await client.connection.sendNotification("workspace/didChangeWatchedFiles", {
      changes: [{ uri: uriOf(lib), type: 2 }],
    });
    assert.deepEqual(await waitForRefreshes(2), [
      "workspace/semanticTokens/refresh",
      "workspace/inlayHint/refresh",
    ]);
    await client.connection.sendNotification("workspace/didChangeConfiguration", {
      settings: null,
    });
    assert.equal((await waitForRefreshes(4)).length, 4);
  });

  it("does not ask a client that does not take the refresh requests", async () => {
    await start(false);
    await client.connection.sendNotification("workspace/didChangeConfiguration", {
      settings: null,
    });
    // A request answered after the notification: the server has handled it.
    await client.request("workspace/symbol", { query: "" });
    assert.deepEqual(refreshes(), []);
  });
});
