import assert from "node:assert/strict";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { TextEdit } from "vscode-languageserver-protocol";
import { useWorkspaceSession } from "../support/workspace-session";

/**
 * A name declared with dashes (`param my-name`, `step fetch-data`) is one
 * MF001, read as `my_name` meanwhile; its quick fix renames it to that and
 * its reads in the file with it, those written with dashes and those
 * written with `_`: the fixed file checks clean.
 */
describe("language server: a name declared with dashes is renamed with its reads (real LSP over stdio)", function () {
  this.timeout(30_000);
  const workspace = useWorkspaceSession({ prefix: "momoflow-rename-dashed-" });

  it("renames each declaration and its reads, and the file checks clean", async () => {
    const text = [
      "workflow my-flow {",
      '  param my-name: string = "a"',
      "  step fetch-data {",
      '    run: "echo ${my-name} ${my_name}"',
      "    rollback: none",
      "  }",
      "  step b {",
      "    needs: [fetch-data]",
      '    when: my-name != ""',
      '    run: "echo ${steps.fetch-data.output}"',
      "    rollback: none",
      "  }",
      "}",
      'test "t" {',
      "  workflow: my-flow",
      '  params: { my-name: "b" }',
      "}",
      "",
    ].join("\n");
    const { uri, diagnostics } = await workspace.openChecked("dashed.momoflow", text);
    assert.deepEqual(
      diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character} ${d.code}`),
      ["0:9 MF001", "1:8 MF001", "2:7 MF001"],
    );
    let fixed = text;
    for (const [index, diagnostic] of diagnostics.entries()) {
      const current =
        index === 0
          ? { uri, diagnostics }
          : await workspace.openChecked(`step${index}.momoflow`, fixed);
      const now = current.diagnostics.find((d) => d.message === diagnostic.message)!;
      const actions = await workspace.client.request<
        { title: string; isPreferred?: boolean; edit?: { changes?: Record<string, TextEdit[]> } }[]
      >("textDocument/codeAction", {
        textDocument: { uri: current.uri },
        range: now.range,
        context: { diagnostics: [now] },
      });
      const written = String(diagnostic.message).split("`")[1]!;
      const fix = actions.find((a) => a.title.startsWith("Rename"));
      assert.ok(fix, JSON.stringify(actions));
      assert.equal(fix.title, `Rename \`${written}\` to \`${written.replace(/-/g, "_")}\``);
      assert.equal(fix.isPreferred, true);
      fixed = TextDocument.applyEdits(
        TextDocument.create(current.uri, "momoflow", 1, fixed),
        fix.edit!.changes![current.uri]!,
      );
    }
    assert.equal(
      fixed,
      [
        "workflow my_flow {",
        '  param my_name: string = "a"',
        "  step fetch_data {",
        '    run: "echo ${my_name} ${my_name}"',
        "    rollback: none",
        "  }",
        "  step b {",
        "    needs: [fetch_data]",
        '    when: my_name != ""',
        '    run: "echo ${steps.fetch_data.output}"',
        "    rollback: none",
        "  }",
        "}",
        'test "t" {',
        "  workflow: my_flow",
        '  params: { my_name: "b" }',
        "}",
        "",
      ].join("\n"),
    );
    const again = await workspace.openChecked("fixed.momoflow", fixed);
    assert.deepEqual(again.diagnostics, [], fixed);
  });
});
