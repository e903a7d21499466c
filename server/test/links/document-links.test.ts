import assert from "node:assert/strict";
import type { DocumentLink } from "vscode-languageserver-protocol/node";
import { at } from "../support/text-position";
import { useWorkspaceSession } from "../support/workspace-session";

const MAIN = [
  'import "./lib.momoflow"',
  'import "./sub/other.momoflow"',
  'import "./missing.momoflow"',
  'import "notes.txt"',
  "",
  "workflow w {",
  "  step a { run: hello() }",
  "}",
  "",
].join("\n");

describe("language server: document links of imports (real LSP over stdio)", function () {
  this.timeout(30_000);
  const workspace = useWorkspaceSession({
    prefix: "momoflow-links-",
    files: {
      "lib.momoflow": 'command hello() {\n  run: "echo hello"\n}\n',
      "sub/other.momoflow": 'import "../lib.momoflow"\n',
      "notes.txt": "not a workflow\n",
    },
  });

  before(() => {
    assert.deepEqual(workspace.init.capabilities.documentLinkProvider, { resolveProvider: false });
  });

  const links = (uri: string): Promise<DocumentLink[]> =>
    workspace.client.request<DocumentLink[]>("textDocument/documentLink", {
      textDocument: { uri },
    });

  it("links each import's path to its file, inside the quotes, with a tooltip; none for a missing file or a path that is no .momoflow file", async () => {
    const uri = await workspace.open("main.momoflow", MAIN);
    const lib = workspace.path("lib.momoflow");
    const other = workspace.path("sub", "other.momoflow");
    assert.deepEqual(await links(uri), [
      {
        range: { start: at(MAIN, "./lib"), end: at(MAIN, '"\nimport "./sub') },
        target: workspace.uri("lib.momoflow"),
        tooltip: `Open ${lib}`,
      },
      {
        range: { start: at(MAIN, "./sub"), end: at(MAIN, '"\nimport "./missing') },
        target: workspace.uri("sub", "other.momoflow"),
        tooltip: `Open ${other}`,
      },
    ]);
  });

  it("resolves a path relative to the importing file's folder, and links a file that is open but not saved yet", async () => {
    const other = await workspace.open("sub/other.momoflow");
    assert.deepEqual(
      (await links(other)).map((l) => l.target),
      [workspace.uri("lib.momoflow")],
    );
    const fresh = workspace.uri("fresh.momoflow");
    await workspace.client.open(fresh, "workflow fresh {}\n");
    const text = 'import "./fresh.momoflow"\n';
    const importer = await workspace.open("importer.momoflow", text);
    assert.deepEqual(
      (await links(importer)).map((l) => l.target),
      [fresh],
    );
  });
});
