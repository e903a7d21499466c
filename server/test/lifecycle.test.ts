import assert from "node:assert/strict";
import { LspResponseError } from "@momoflow/bench";
import type { Hover } from "vscode-languageserver-protocol";
import { LspTestClient } from "./support/lsp-client";

/** Requests before `initialize` (real LSP over stdio). */
describe("language server: its start", function () {
  this.timeout(30_000);
  let client: LspTestClient;

  beforeEach(() => {
    client = new LspTestClient();
  });

  afterEach(() => client.close());

  it("answers a request before initialize with ServerNotInitialized, and serves it after", async () => {
    const params = { textDocument: { uri: "untitled:early" }, position: { line: 0, character: 0 } };
    await assert.rejects(
      client.request("textDocument/hover", params),
      (error: unknown) => error instanceof LspResponseError && error.code === -32002,
    );
    await client.initialize();
    assert.equal(await client.request("textDocument/hover", params), null);
    await assert.rejects(
      client.request("momoflow/noSuchRequest", {}),
      (error: unknown) => error instanceof LspResponseError && error.code === -32601,
    );
  });
});

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
      const timer = setTimeout(() => reject(new Error("the server did not end in 15 s")), 15_000);
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

  it("refuses a second initialize with InvalidRequest and keeps the documents of the first", async () => {
    const uri = "untitled:initialized-twice";
    await client.open(uri, 'workflow w {\n  step a {\n    run: "x"\n  }\n}\n');
    await client.waitForDiagnostics(uri, 1);
    await assert.rejects(
      client.request("initialize", { processId: null, rootUri: null, capabilities: {} }),
      (error: unknown) => error instanceof LspResponseError && error.code === -32600,
    );
    const hover = await client.request<Hover | null>("textDocument/hover", {
      textDocument: { uri },
      position: { line: 1, character: 8 },
    });
    assert.ok(hover, "the open document is still known: the session was not replaced");
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
