import assert from "node:assert/strict";
import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SymbolInformation, WorkspaceEdit } from "vscode-languageserver-protocol";
import { type LspTestClient, uriOf } from "../support/lsp-client";
import { unwatchingClient } from "../support/unwatching-client";

/**
 * Editors that do not send `workspace/didChangeWatchedFiles` (Neovim before
 * 0.9, Helix): nothing tells the server that an imported file changed on
 * disk, so it reads the disk again when a document is opened or edited.
 */
describe("language server: files changed on disk, for a client that does not watch them (real LSP over stdio)", function () {
  this.timeout(30_000);
  let dir: string;
  let client: LspTestClient;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "momoflow-unwatched-"));
    // What Neovim 0.7 declares: no file watching, no dynamic registration.
    client = await unwatchingClient(dir);
  });

  afterEach(async () => {
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Writes `text` to `path` as an editor saves: whole, by a rename over the file. */
  const saveAs = (path: string, text: string): void => {
    const temporary = `${path}.saving`;
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  };

  const MAIN =
    'import "./lib.momoflow"\nworkflow w {\n  step a {\n    run: greet(name: "x")\n  }\n}\n';

  it("re-checks an open document against its import as edited outside the editor, at its next edit", async () => {
    const lib = join(dir, "lib.momoflow");
    writeFileSync(lib, 'command greet(name: string) {\n  run: "echo ${name}"\n}\n');
    const main = uriOf(join(dir, "main.momoflow"));
    await client.open(main, MAIN);
    assert.deepEqual(await client.waitForDiagnostics(main, 1), []);

    writeFileSync(lib, 'command welcome(name: string) {\n  run: "echo ${name}"\n}\n');
    const v2 = await client.change(main, [{ text: MAIN + "\n" }]);
    const after = await client.waitForDiagnostics(main, v2);
    assert.deepEqual(
      after.map((d) => d.code),
      ["MF005"],
      "greet is gone from lib.momoflow",
    );
  });

  it("re-checks every open document when an import is edited outside the editor, with no edit at all", async () => {
    const lib = join(dir, "lib.momoflow");
    writeFileSync(lib, 'command greet(name: string) {\n  run: "echo ${name}"\n}\n');
    const main = uriOf(join(dir, "main.momoflow"));
    const other = uriOf(join(dir, "other.momoflow"));
    await client.open(main, MAIN);
    await client.open(other, MAIN.replace("workflow w", "workflow o"));
    assert.deepEqual(await client.waitForDiagnostics(main, 1), []);
    assert.deepEqual(await client.waitForDiagnostics(other, 1), []);
    const published = client.publishCount(main);

    saveAs(lib, 'command welcome(name: string) {\n  run: "echo ${name}"\n}\n');
    for (const uri of [main, other]) {
      const after = await client.waitForPublish(uri, published, 10_000);
      assert.deepEqual(
        after.diagnostics.map((d) => d.code),
        ["MF005"],
        `${uri} sees that greet is gone from lib.momoflow`,
      );
    }
  });

  it("reports an import deleted outside the editor, and finds it again when it is written back", async () => {
    const lib = join(dir, "lib.momoflow");
    const LIB = 'command greet(name: string) {\n  run: "echo ${name}"\n}\n';
    writeFileSync(lib, LIB);
    const main = uriOf(join(dir, "main.momoflow"));
    await client.open(main, MAIN);
    assert.deepEqual(await client.waitForDiagnostics(main, 1), []);

    rmSync(lib);
    const gone = await client.waitForPublish(main, 1, 10_000);
    assert.ok(
      gone.diagnostics.some((d) => d.code === "MF013"),
      `lib.momoflow is missing: ${JSON.stringify(gone.diagnostics)}`,
    );
    saveAs(lib, LIB);
    const back = await client.waitForPublish(main, 2, 10_000);
    assert.deepEqual(back.diagnostics, []);
  });

  it("finds an import created on disk after it was reported missing, when another document is opened", async () => {
    const main = uriOf(join(dir, "main.momoflow"));
    await client.open(main, MAIN);
    const missing = await client.waitForDiagnostics(main, 1);
    assert.ok(
      missing.some((d) => d.code === "MF013"),
      "lib.momoflow is not there yet",
    );

    // Saved whole: the server's own watch may read the file between a truncation and a write.
    saveAs(join(dir, "lib.momoflow"), 'command greet(name: string) {\n  run: "echo ${name}"\n}\n');
    client.diagnostics.delete(main);
    const other = uriOf(join(dir, "other.momoflow"));
    await client.open(other, 'workflow o {\n  step a {\n    run: "x"\n  }\n}\n');
    assert.deepEqual(await client.waitForDiagnostics(main), []);
  });

  it("renames in a closed file as it is on disk now, after it was edited outside the editor", async () => {
    const lib = join(dir, "lib.momoflow");
    writeFileSync(lib, 'command greet(name: string) {\n  run: "echo ${name}"\n}\n');
    const main = uriOf(join(dir, "main.momoflow"));
    await client.open(main, MAIN);
    assert.deepEqual(await client.waitForDiagnostics(main, 1), []);
    const greet = { line: 3, character: 11 };
    // The first answer reads lib.momoflow; then it gains two lines on disk.
    await client.request("textDocument/references", {
      textDocument: { uri: main },
      position: greet,
      context: { includeDeclaration: true },
    });
    writeFileSync(lib, '// shared\n\ncommand greet(name: string) {\n  run: "echo ${name}"\n}\n');
    const edit = await client.request<WorkspaceEdit>("textDocument/rename", {
      textDocument: { uri: main },
      position: greet,
      newName: "hello",
    });
    assert.deepEqual(
      edit.changes?.[uriOf(lib)]?.map((e) => e.range.start),
      [{ line: 2, character: 8 }],
      "the declaration where it is now",
    );
    const symbols = await client.request<SymbolInformation[]>("workspace/symbol", {
      query: "greet",
    });
    assert.deepEqual(
      symbols.map((s) => s.location.range.start.line),
      [2],
    );
  });

  it("finds a file created on disk since the start in rename and workspace symbols", async () => {
    writeFileSync(
      join(dir, "lib.momoflow"),
      'command greet(name: string) {\n  run: "echo ${name}"\n}\n',
    );
    const main = uriOf(join(dir, "main.momoflow"));
    await client.open(main, MAIN);
    assert.deepEqual(await client.waitForDiagnostics(main, 1), []);
    const later = join(dir, "later.momoflow");
    writeFileSync(later, MAIN.replace("workflow w", "workflow later_flow"));
    const edit = await client.request<WorkspaceEdit>("textDocument/rename", {
      textDocument: { uri: main },
      position: { line: 3, character: 11 },
      newName: "hello",
    });
    assert.ok(
      edit.changes?.[uriOf(later)],
      `later.momoflow is renamed in: ${JSON.stringify(edit)}`,
    );
    const symbols = await client.request<SymbolInformation[]>("workspace/symbol", {
      query: "later_flow",
    });
    assert.deepEqual(
      symbols.map((s) => s.name),
      ["later_flow"],
    );
  });
});
