import assert from "node:assert/strict";
import type * as vscodeTypes from "vscode";
import type { ClientServices } from "../src/client-services";
import { loadExtensionWithFakes } from "./fakes/load-extension";

/**
 * The run and rollback commands against the fake `vscode`: the refusals that
 * need no VS Code (Restricted Mode, no file). Running for real is the
 * extension-host suite's; the task's process is tested in run-records.test.ts.
 */
describe("run commands (fake vscode)", () => {
  let loaded: ReturnType<typeof loadExtensionWithFakes>;
  const subscriptions: { dispose(): unknown }[] = [];

  before(() => {
    loaded = loadExtensionWithFakes();
    loaded.vscode.resetFake();
    // Loaded through the fakes' resolution hook (an import would bypass it).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const load = (id: string): unknown => require(id);
    const { registerRunFeatures } = load(
      "../src/run/register-run-features",
    ) as typeof import("../src/run/register-run-features");
    const services = {
      client: () => undefined,
      output: { info: () => undefined, warn: () => undefined },
      statusBar: { setServerState: () => undefined, setLastRun: () => undefined },
      paths: { cliPath: "/ext/dist/cli.js", serverPath: "/ext/dist/server.js" },
      isTrusted: () => loaded.vscode.workspace.isTrusted,
      runRecords: { onDidChange: () => ({ dispose: () => undefined }), follow: () => undefined },
    } as unknown as ClientServices;
    registerRunFeatures({ subscriptions } as unknown as vscodeTypes.ExtensionContext, services);
  });

  after(() => {
    for (const s of subscriptions) s.dispose();
    loaded.vscode.trust.isTrusted = true;
    loaded.restore();
  });

  beforeEach(() => {
    loaded.vscode.recorded.messages.length = 0;
  });

  const run = (command: string, arg?: unknown) =>
    loaded.vscode.commands.executeCommand(command, arg);

  it("registers the run, rollback, stop and test-lens commands", () => {
    for (const id of [
      "momoflow.runWorkflow",
      "momoflow.rollbackLastRun",
      "momoflow.stopRun",
      "momoflow.codeLens.runTest",
    ])
      assert.ok(loaded.vscode.recorded.commands.has(id), id);
  });

  it("refuses to run, roll back or test in Restricted Mode, saying why", async () => {
    loaded.vscode.trust.isTrusted = false;
    const args = { uri: "/ws/site.momoflow", workflow: "publish_site" };
    assert.deepEqual(await run("momoflow.runWorkflow", args), {
      status: "refused",
      reason: "Running workflows is disabled in Restricted Mode: trust this workspace to run it.",
    });
    assert.deepEqual(loaded.vscode.recorded.messages, [
      "Running workflows is disabled in Restricted Mode: trust this workspace to run it.",
    ]);
    assert.match(
      ((await run("momoflow.rollbackLastRun", args)) as { reason: string }).reason,
      /Restricted Mode: trust this workspace to roll back/,
    );
    assert.match(
      (
        (await run("momoflow.codeLens.runTest", { uri: "/ws/site.momoflow", test: "t" })) as {
          reason: string;
        }
      ).reason,
      /Restricted Mode: trust this workspace to run its tests/,
    );
    loaded.vscode.trust.isTrusted = true;
  });

  it("asks for a file when there is none to run", async () => {
    assert.deepEqual(await run("momoflow.runWorkflow"), {
      status: "refused",
      reason: "Open a .momoflow file to run one of its workflows.",
    });
    assert.deepEqual(loaded.vscode.recorded.messages, [
      "Open a .momoflow file to run one of its workflows.",
    ]);
  });
});
