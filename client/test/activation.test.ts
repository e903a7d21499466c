import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type * as vscodeTypes from "vscode";
import { loadExtensionWithFakes, ROOT } from "./fakes/load-extension";

/**
 * activate() against a fake `vscode`: what the extension host would see,
 * without VS Code. The extension-host suite checks the same in a real one.
 */
describe("extension activation (fake vscode)", () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
    version: string;
    contributes: { commands: { command: string }[] };
  };
  let loaded: ReturnType<typeof loadExtensionWithFakes>;
  let context: { subscriptions: { dispose(): unknown }[] } & Record<string, unknown>;
  let api: ReturnType<typeof loaded.extension.activate>;

  const flush = () => new Promise((done) => setImmediate(done));
  const output = () => loaded.vscode.recorded.outputChannels.find((c) => c.name === "momoflow");
  const statusItem = () => loaded.vscode.recorded.statusBarItems[0];

  before(async () => {
    loaded = loadExtensionWithFakes();
    loaded.vscode.resetFake();
    const { Uri } = loaded.vscode;
    context = {
      subscriptions: [],
      extensionUri: Uri.file(ROOT),
      extensionPath: ROOT,
      asAbsolutePath: (relative: string) => join(ROOT, relative),
      extension: { id: "momoflow.momoflow", packageJSON: manifest },
      extensionMode: loaded.vscode.ExtensionMode.Test,
    };
    api = loaded.extension.activate(context as unknown as vscodeTypes.ExtensionContext);
    await flush();
  });

  after(async () => {
    await loaded.extension.deactivate();
    for (const d of context.subscriptions) d.dispose();
    loaded.restore();
  });

  it("registers every command the manifest contributes", () => {
    const registered = [...loaded.vscode.recorded.commands.keys()];
    const missing = manifest.contributes.commands
      .map((c) => c.command)
      .filter((id) => !registered.includes(id));
    const featureErrors = (output()?.lines ?? []).filter((l) => l.includes("failed to register"));
    assert.deepEqual(
      missing,
      [],
      `not registered by activate(): ${missing.join(", ")}\n${featureErrors.join("\n")}`,
    );
  });

  it("logs its activation time and registers no feature that failed", () => {
    const lines = output()?.lines ?? [];
    const activated = lines.find((l) => /momoflow .* activated in [\d.]+ ms/.test(l));
    assert.ok(activated, lines.join("\n"));
    assert.ok(activated.includes(manifest.version));
    assert.deepEqual(
      lines.filter((l) => l.includes("failed to register")),
      [],
    );
  });

  it("gives features the services: paths of the bundled CLI and server, trust, the client", () => {
    const { services } = api;
    assert.equal(services.paths.cliPath, join(ROOT, "dist/cli.js"));
    assert.equal(services.paths.serverPath, join(ROOT, "dist/server.js"));
    assert.equal(services.isTrusted(), true);
    assert.equal(services.client(), loaded.languageClient.clients.at(-1));
    assert.equal(services.output.name, "momoflow");
  });

  it("starts the bundled server over IPC for momoflow files and untitled buffers", () => {
    const client = loaded.languageClient.clients.at(-1);
    assert.ok(client);
    assert.equal(client.id, "momoflow");
    const options = client.serverOptions as Record<"run" | "debug", Record<string, unknown>>;
    assert.equal(options.run.module, join(ROOT, "dist/server.js"));
    assert.equal(options.run.transport, loaded.languageClient.TransportKind.ipc);
    assert.deepEqual((options.run.options as { execArgv: string[] }).execArgv, [
      "--max-semi-space-size=4",
    ]);
    assert.deepEqual((options.debug.options as { execArgv: string[] }).execArgv, [
      "--max-semi-space-size=4",
      "--nolazy",
      "--inspect=6009",
    ]);
    assert.deepEqual(client.clientOptions.documentSelector, [
      { scheme: "file", language: "momoflow" },
      { scheme: "untitled", language: "momoflow" },
    ]);
    assert.deepEqual(client.clientOptions.synchronize, { configurationSection: "momoflow" });
  });

  it("tells the server it takes momoflow/documentOutlineChanged, and hands on each document named", () => {
    const client = loaded.languageClient.clients.at(-1)!;
    assert.deepEqual(client.capabilities.experimental, { documentOutlineChanged: true });
    const told: string[] = [];
    const listening = api.services.onDidChangeOutline((uri) => told.push(uri.toString()));
    client.notify("momoflow/documentOutlineChanged", {
      textDocument: { uri: "file:///work/main.momoflow" },
    });
    listening.dispose();
    assert.deepEqual(told, ["file:///work/main.momoflow"]);
  });

  it("shows the server's state in the status bar, then the last run's", () => {
    const item = statusItem();
    assert.ok(item?.visible);
    assert.match(item.text, /\$\(workflow\) momoflow/);
    api.services.statusBar.setLastRun("failed", { workflow: "build_site", action: "run" });
    assert.match(item.text, /\$\(error\) build_site/);
    assert.equal(item.backgroundColor?.id, "statusBarItem.warningBackground");
    api.services.statusBar.setLastRun(undefined);
    assert.doesNotMatch(item.text, /build_site/);
  });

  it("keeps a task's report of a run when the run record's report of the same outcome comes later", () => {
    const item = statusItem()!;
    const bar = api.services.statusBar;
    bar.setLastRun("rolled_back", { workflow: "w", action: "rollback", runId: "r1" });
    const fromTask = item.tooltip;
    // The watcher's report of the same run (no action): the task's stays.
    bar.setLastRun("rolled_back", { workflow: "w", runId: "r1" });
    assert.equal(item.tooltip, fromTask);
    // Another run (a run from a terminal), or another outcome, replaces it.
    bar.setLastRun("success", { workflow: "w", runId: "r2" });
    assert.notEqual(item.tooltip, fromTask);
    bar.setLastRun(undefined);
  });

  it("answers the server's settings with its inline metrics off (the extension draws them)", () => {
    // Loaded through the fakes' resolution hook (an import would bypass it).
    const languageClientModule = "../src/language-client";
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loadedModule = require(languageClientModule) as typeof import("../src/language-client");
    const { settingsForServer } = loadedModule;
    assert.deepEqual(
      settingsForServer("momoflow", { inlineMetrics: true, maxNumberOfProblems: 7 }),
      {
        inlineMetrics: false,
        maxNumberOfProblems: 7,
      },
    );
    assert.deepEqual(settingsForServer("editor", { tabSize: 2 }), { tabSize: 2 });
    assert.equal(settingsForServer("momoflow", null), null);
  });

  it("restarts the server as a new client (momoflow.restartServer)", async () => {
    const before = loaded.languageClient.clients.length;
    const old = api.services.client();
    await loaded.vscode.commands.executeCommand("momoflow.restartServer");
    assert.equal(loaded.languageClient.clients.length, before + 1);
    assert.equal(old?.state, loaded.languageClient.State.Stopped);
    assert.equal(api.services.client()?.state, loaded.languageClient.State.Running);
    assert.match(statusItem()?.text ?? "", /\$\(workflow\) momoflow/);
  });

  it("shows an error in the status bar when the server fails to start, or stops by itself", async () => {
    loaded.languageClient.behaviour.startError = new Error("spawn failed");
    await loaded.vscode.commands.executeCommand("momoflow.restartServer");
    assert.match(statusItem()?.text ?? "", /\$\(error\) momoflow/);
    assert.equal(statusItem()?.backgroundColor?.id, "statusBarItem.errorBackground");
    assert.ok(output()?.lines.some((l) => l.includes("failed to start: Error: spawn failed")));

    await loaded.vscode.commands.executeCommand("momoflow.restartServer");
    assert.match(statusItem()?.text ?? "", /\$\(workflow\) momoflow/);
    // The server crashed and the client gave up restarting it.
    loaded.languageClient.clients.at(-1)?.setState(loaded.languageClient.State.Stopped);
    assert.match(statusItem()?.text ?? "", /\$\(error\) momoflow/);
  });

  it("deactivate() stops the client", async () => {
    await loaded.vscode.commands.executeCommand("momoflow.restartServer");
    const client = api.services.client();
    await loaded.extension.deactivate();
    assert.equal(client?.state, loaded.languageClient.State.Stopped);
    assert.match(statusItem()?.text ?? "", /\$\(circle-slash\) momoflow/);
  });
});
