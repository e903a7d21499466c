import assert from "node:assert/strict";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { TextEdit } from "vscode-languageserver-protocol";
import { useWorkspaceSession } from "../support/workspace-session";

/**
 * A workflow's `param` or `var` written inside a step is one MF001 saying it
 * belongs to the workflow; its quick fix moves it out of the step, above it
 * (above the step's own comment), with its comment lines and the comment
 * after it, indented as the step is: the fixed file checks clean.
 */
describe("language server: a param or var inside a step moves above it (real LSP over stdio)", function () {
  this.timeout(30_000);
  const workspace = useWorkspaceSession({ prefix: "momoflow-move-out-of-step-" });

  it("moves the member with its comments above the step, and the file checks clean", async () => {
    const text = [
      "workflow w {",
      "  // builds the app",
      "  step s {",
      '    run: "echo ${q} ${v}"',
      "    // how many copies",
      "    param q: int = 1 // one by default",
      "    var v = [",
      '      "a",',
      "    ]",
      "    rollback: none",
      "  }",
      "}",
      "",
    ].join("\n");
    const { uri, diagnostics } = await workspace.openChecked("inside.momoflow", text);
    assert.deepEqual(
      diagnostics.map(
        (d) => `${d.range.start.line}:${d.range.start.character} ${d.code} ${d.message}`,
      ),
      [
        "5:4 MF001 `param q` is declared in the workflow, not inside step `s`: move it above the step",
        "6:4 MF001 `var v` is declared in the workflow, not inside step `s`: move it above the step",
      ],
    );
    // One fix after the other, each on the file as the previous one left it.
    let fixed = text;
    for (const [index, diagnostic] of diagnostics.entries()) {
      const current =
        index === 0
          ? { uri, diagnostics }
          : await workspace.openChecked(`step${index}.momoflow`, fixed);
      const now = current.diagnostics.find((d) => d.message === diagnostic.message)!;
      const actions = await workspace.client.request<
        { title: string; edit?: { changes?: Record<string, TextEdit[]> } }[]
      >("textDocument/codeAction", {
        textDocument: { uri: current.uri },
        range: now.range,
        context: { diagnostics: [now] },
      });
      const fix = actions.find((a) => a.title.startsWith("Move"));
      assert.ok(fix, JSON.stringify(actions));
      assert.equal(
        fix.title,
        `Move \`${String(diagnostic.message).split("`")[1]}\` above the step`,
      );
      fixed = TextDocument.applyEdits(
        TextDocument.create(current.uri, "momoflow", 1, fixed),
        fix.edit!.changes![current.uri]!,
      );
    }
    assert.equal(
      fixed,
      [
        "workflow w {",
        "  // how many copies",
        "  param q: int = 1 // one by default",
        "  var v = [",
        '    "a",',
        "  ]",
        "  // builds the app",
        "  step s {",
        '    run: "echo ${q} ${v}"',
        "    rollback: none",
        "  }",
        "}",
        "",
      ].join("\n"),
    );
    const again = await workspace.openChecked("fixed.momoflow", fixed);
    assert.deepEqual(again.diagnostics, [], fixed);
  });
});
