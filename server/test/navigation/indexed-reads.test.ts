import assert from "node:assert/strict";
import type { Location, Range, WorkspaceEdit } from "vscode-languageserver-protocol";
import { useWorkspaceSession } from "../support/workspace-session";

/**
 * Go to definition, references and rename of a param or var read by an item
 * or a field (`samples[1]`, `${config.sites[0].name}`), through a real LSP
 * client against the built server.
 */

const TEXT = [
  "workflow w {",
  '  param samples: list = ["a", "b"]',
  '  param config: map = {"sites": [{"name": "home"}]}',
  "  var regions = samples",
  "  step s {",
  '    when: samples[1] == "b" && config.sites[0].name == "home"',
  '    run: "echo ${samples[0]} ${config.sites[0].name} ${regions[1]}"',
  "    rollback: none",
  "  }",
  "}",
  "",
].join("\n");
const LINES = TEXT.split("\n");

/** The range of the `n`-th `word` on 0-based `line`. */
function word(line: number, text: string, n = 0): Range {
  let character = -1;
  for (let i = 0; i <= n; i++) character = LINES[line]!.indexOf(text, character + 1);
  assert.ok(character >= 0, `${text} on line ${line}`);
  return { start: { line, character }, end: { line, character: character + text.length } };
}

describe("language server: navigation of params and vars read by item or field (real LSP)", function () {
  this.timeout(30_000);
  const workspace = useWorkspaceSession({
    prefix: "momoflow-indexed-nav-",
    files: { "items.momoflow": TEXT },
  });
  let uri: string;
  before(async () => {
    uri = await workspace.open("items.momoflow");
  });

  const position = (range: Range) => ({
    line: range.start.line,
    character: range.start.character + 1,
  });
  const sorted = (ranges: Range[]): Range[] =>
    [...ranges].sort(
      (a, b) => a.start.line - b.start.line || a.start.character - b.start.character,
    );

  it("goes to the declaration from an indexed read, in code and in ${…}", async () => {
    for (const read of [word(5, "samples"), word(6, "samples"), word(6, "config")]) {
      const found = await workspace.client.request<Location | Location[] | null>(
        "textDocument/definition",
        {
          textDocument: { uri },
          position: position(read),
        },
      );
      const location = Array.isArray(found) ? found[0] : found;
      const name = read.end.character - read.start.character === 7 ? "samples" : "config";
      assert.deepEqual(location?.range, word(name === "samples" ? 1 : 2, name));
    }
  });

  it("finds every read, indexed or not, and renames them all (the path stays)", async () => {
    const refs = await workspace.client.request<Location[] | null>("textDocument/references", {
      textDocument: { uri },
      position: position(word(1, "samples")),
      context: { includeDeclaration: true },
    });
    const expected = [
      word(1, "samples"),
      word(3, "samples"),
      word(5, "samples"),
      word(6, "samples"),
    ];
    assert.deepEqual(sorted((refs ?? []).map((l) => l.range)), expected);
    const edit = await workspace.client.request<WorkspaceEdit | null>("textDocument/rename", {
      textDocument: { uri },
      position: position(word(6, "config")),
      newName: "settings",
    });
    const edits = edit?.changes?.[uri] ?? [];
    assert.deepEqual(sorted(edits.map((e) => e.range)), [
      word(2, "config"),
      word(5, "config"),
      word(6, "config"),
    ]);
    assert.ok(edits.every((e) => e.newText === "settings"));
  });
});
