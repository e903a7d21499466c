import assert from "node:assert/strict";
import type {
  DocumentSymbol,
  Location,
  SymbolInformation,
  WorkspaceEdit,
} from "vscode-languageserver-protocol";
import { useWorkspaceSession } from "../support/workspace-session";

/** Documents named by URIs other than a plain `file:` URI of their path. */
describe("language server: documents under unusual URIs (real LSP over stdio)", function () {
  this.timeout(30_000);
  const workspace = useWorkspaceSession({ prefix: "momoflow-uris-", each: true });

  /** References of the name at `at` in `uri`: its declaration and its one use, both in `uri`. */
  async function assertBothReferencesIn(uri: string, at: { line: number; character: number }) {
    const references = await workspace.client.request<Location[]>("textDocument/references", {
      textDocument: { uri },
      position: at,
      context: { includeDeclaration: true },
    });
    assert.deepEqual(
      references.map((r) => r.uri),
      [uri, uri],
    );
  }

  const FLOW =
    'workflow w {\n  step a {\n    run: "x"\n  }\n  step b {\n    needs: a\n    run: "y"\n  }\n}\n';

  it("answers references and rename in an untitled document with its own URI, not a file of the server's folder", async () => {
    const uri = "untitled:Untitled-1";
    await workspace.client.open(uri, FLOW);
    assert.deepEqual(await workspace.client.waitForDiagnostics(uri, 1), []);
    const at = { line: 5, character: 11 }; // the `a` of `needs: a`
    await assertBothReferencesIn(uri, at);
    const edit = await workspace.client.request<WorkspaceEdit>("textDocument/rename", {
      textDocument: { uri },
      position: at,
      newName: "build",
    });
    assert.deepEqual(Object.keys(edit.changes ?? {}), [uri]);
  });

  it("keeps checking a document's text when the same file, open under a second URI, is closed", async () => {
    const { uri } = await workspace.openChecked("main.momoflow", FLOW);
    const edited = FLOW.replace("step b", "step c");
    const v2 = await workspace.client.change(uri, [{ text: edited }]);
    await workspace.client.waitForDiagnostics(uri, v2);
    // `%6D` is `m`: another spelling of the same file's URI.
    const alias = uri.replace(/main\.momoflow$/, "%6Dain.momoflow");
    await workspace.client.open(alias, edited);
    await workspace.client.waitForDiagnostics(alias, 1);
    await workspace.client.closeDocument(alias);
    const symbols = await workspace.client.request<DocumentSymbol[]>(
      "textDocument/documentSymbol",
      { textDocument: { uri } },
    );
    assert.deepEqual(
      symbols[0]?.children?.map((s) => s.name),
      ["a", "c"],
      "the editor's text, not the disk's (which has step b)",
    );
  });

  it("answers workspace-wide requests while a document whose file: URI is no path here (a host on Linux) is open", async () => {
    const odd = "file://fileserver/share/odd.momoflow";
    await workspace.client.open(odd, FLOW);
    assert.deepEqual(await workspace.client.waitForDiagnostics(odd, 1), []);
    const { uri } = await workspace.openChecked("main.momoflow", FLOW);
    const at = { line: 5, character: 11 };
    await assertBothReferencesIn(uri, at);
    const symbols = await workspace.client.request<SymbolInformation[]>("workspace/symbol", {
      query: "w",
    });
    assert.deepEqual(symbols.map((s) => s.location.uri).sort(), [odd, uri].sort());
  });
});
