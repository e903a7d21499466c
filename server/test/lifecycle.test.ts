import assert from "node:assert/strict";
import { LspResponseError } from "@momoflow/bench";
import { LspTestClient } from "./support/lsp-client";

/** `shutdown` and `exit`, and a client that goes away (real LSP over stdio). */
describe("language server: its end", function () {
  this.timeout(30_000);
  let client: LspTestClient;

  beforeEach(async () => {
    client = new LspTestClient();
    await client.initialize();
  });

  afterEach(() => client.close());

  /** The server's exit code once it has ended (fails when it lingers). */
  const exitCode = (): Promise<number | null> =>
    new Promise((resolve, reject) => {
      if (!client.alive) return resolve(client.process.exitCode);
      const timer = setTimeout(() => reject(new Error("the server did not end in 5 s")), 5_000);
      client.process.once("exit", (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });

  it("refuses requests after shutdown with InvalidRequest, and exits with 0 on exit", async () => {
    const uri = "untitled:after-shutdown";
    await client.open(uri, 'workflow w {\n  step a {\n    run: "x"\n  }\n}\n');
    await client.request("shutdown", null);
    await assert.rejects(
      client.request("textDocument/hover", {
        textDocument: { uri },
        position: { line: 1, character: 8 },
      }),
      (error: unknown) => error instanceof LspResponseError && error.code === -32600,
    );
    await client.connection.sendNotification("exit", null);
    assert.equal(await exitCode(), 0);
  });

  it("exits with 1 on exit without shutdown", async () => {
    await client.connection.sendNotification("exit", null);
    assert.equal(await exitCode(), 1);
  });

  it("exits when the client closes its input", async () => {
    client.process.stdin!.end();
    assert.equal(await exitCode(), 1);
  });
});
