import assert from "node:assert/strict";
import type { Location, WorkspaceEdit } from "vscode-languageserver-protocol";
import { useWorkspaceSession } from "../support/workspace-session";

/** `workflow lib {` as an editor shows it: the byte order mark is no character of its text. */
const LIB = 'workflow lib {\n  step s { run: log(message: "x") }\n}\n';
const MAIN = 'import "./lib.momoflow"\nworkflow main {\n  step c { run: workflow lib() }\n}\n';

/**
 * A file saved with a UTF-8 byte order mark (Windows Notepad's default) is
 * shown by editors without it: VS Code, Neovim and Emacs leave it out of the
 * text, so the server must not count it in the positions it gives for such a
 * file read from disk — else a rename edits the wrong characters of line 1.
 */
describe("language server: a file with a byte order mark, read from disk", function () {
  this.timeout(30_000);
  const workspace = useWorkspaceSession({
    prefix: "momoflow-bom-",
    files: { "lib.momoflow": "\uFEFF" + LIB, "main.momoflow": MAIN },
  });
  const onCall = { line: 2, character: 26 };

  it("goes to a definition on line 1 at the editor's column", async () => {
    const main = await workspace.open("main.momoflow");
    const found = await workspace.client.request<Location>("textDocument/definition", {
      textDocument: { uri: main },
      position: onCall,
    });
    assert.equal(found.uri, workspace.uri("lib.momoflow"));
    assert.deepEqual(found.range, {
      start: { line: 0, character: 9 },
      end: { line: 0, character: 12 },
    });
  });

  it("renames on line 1 the characters the editor shows there", async () => {
    const main = await workspace.open("main.momoflow");
    const edit = await workspace.client.request<WorkspaceEdit>("textDocument/rename", {
      textDocument: { uri: main },
      position: onCall,
      newName: "library",
    });
    const [change] = edit.changes![workspace.uri("lib.momoflow")]!;
    const line = LIB.split("\n")[0]!;
    const renamed =
      line.slice(0, change!.range.start.character) +
      change!.newText +
      line.slice(change!.range.end.character);
    assert.equal(renamed, "workflow library {");
  });
});
