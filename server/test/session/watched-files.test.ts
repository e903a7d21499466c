import assert from "node:assert/strict";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import type { SymbolInformation } from "vscode-languageserver-protocol";
import { useWorkspaceSession } from "../support/workspace-session";

/** `workspace/didChangeWatchedFiles` for a folder: announced as itself, not file by file. */
describe("language server: folders changed on disk (real LSP over stdio)", function () {
  this.timeout(30_000);
  const workspace = useWorkspaceSession({
    prefix: "momoflow-watched-",
    files: { "lib/lib.momoflow": 'command greet(name: string) {\n  run: "echo ${name}"\n}\n' },
    each: true,
  });

  const MAIN =
    'import "./lib/lib.momoflow"\nworkflow w {\n  step a {\n    run: greet(name: "x")\n  }\n}\n';

  const symbolNames = async (query: string): Promise<string[]> =>
    (await workspace.client.request<SymbolInformation[]>("workspace/symbol", { query })).map(
      (s) => s.name,
    );

  it("drops the files of a deleted folder: its imports are missing, its workflows unknown", async () => {
    const { uri, diagnostics } = await workspace.openChecked("main.momoflow", MAIN);
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(await symbolNames("greet"), ["greet"]);
    workspace.client.diagnostics.delete(uri);
    rmSync(workspace.path("lib"), { recursive: true });
    await workspace.client.fileChanged(workspace.uri("lib"), 3);
    const after = await workspace.client.waitForDiagnostics(uri);
    assert.ok(
      after.some((d) => d.code === "MF013"),
      `lib/lib.momoflow is missing: ${JSON.stringify(after)}`,
    );
    assert.deepEqual(await symbolNames("greet"), []);
  });

  it("finds the files of a folder moved in", async () => {
    mkdirSync(workspace.path("more"));
    writeFileSync(
      workspace.path("more", "more.momoflow"),
      'workflow moved_in {\n  step a {\n    run: "x"\n  }\n}\n',
    );
    await workspace.client.fileChanged(workspace.uri("more"), 1);
    assert.deepEqual(await symbolNames("moved_in"), ["moved_in"]);
  });
});
