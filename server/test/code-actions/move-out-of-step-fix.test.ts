import assert from "node:assert/strict";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { TextEdit } from "vscode-languageserver-protocol";
import { useWorkspaceSession } from "../support/workspace-session";
import { applyFixesInTurn, diagnosticLines } from "../support/fixes-in-turn";

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
    assert.deepEqual(diagnosticLines(diagnostics), [
      "5:4 MF001 `param q` is declared in the workflow, not inside step `s`: move it above the step",
      "6:4 MF001 `var v` is declared in the workflow, not inside step `s`: move it above the step",
    ]);
    const fixed = await applyFixesInTurn(workspace, text, { uri, diagnostics }, (actions, d) => {
      const fix = actions.find((a) => a.title.startsWith("Move"));
      assert.equal(fix?.title, `Move \`${String(d.message).split("`")[1]}\` above the step`);
      return fix;
    });
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

  /** The text after the move fix of the file's first MF001. */
  async function moved(name: string, text: string): Promise<string> {
    const { uri, diagnostics } = await workspace.openChecked(name, text);
    const diagnostic = diagnostics.find((d) => d.code === "MF001");
    assert.ok(diagnostic, JSON.stringify(diagnostics));
    const actions = await workspace.client.request<
      { title: string; edit?: { changes?: Record<string, TextEdit[]> } }[]
    >("textDocument/codeAction", {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
    const fix = actions.find((a) => a.title.startsWith("Move"));
    assert.ok(fix, JSON.stringify(actions));
    const fixed = TextDocument.applyEdits(
      TextDocument.create(uri, "momoflow", 1, text),
      fix.edit!.changes![uri]!,
    );
    return fixed;
  }

  it("moves the block comments above the member with it, and leaves those a blank line parts", async () => {
    const text = [
      "workflow w {",
      "  /* builds",
      "     the app */",
      "  step s {",
      '    run: "echo ${q}"',
      "    /* stays: a blank line parts it */",
      "",
      "    /* how many",
      "       copies */",
      "    // at least one",
      "    param q: int = 1",
      "    rollback: none",
      "  }",
      "}",
      "",
    ].join("\n");
    const fixed = await moved("block-above.momoflow", text);
    assert.deepEqual(
      (await workspace.openChecked("block-above-fixed.momoflow", fixed)).diagnostics,
      [],
    );
    assert.equal(
      fixed,
      [
        "workflow w {",
        "  /* how many",
        "     copies */",
        "  // at least one",
        "  param q: int = 1",
        "  /* builds",
        "     the app */",
        "  step s {",
        '    run: "echo ${q}"',
        "    /* stays: a blank line parts it */",
        "",
        "    rollback: none",
        "  }",
        "}",
        "",
      ].join("\n"),
    );
  });

  it("moves a block comment after the member with it, also one that ends on a later line", async () => {
    const text = [
      "workflow w {",
      "  step s {",
      '    run: "echo ${q} ${v}"',
      "    param q: int = 1 /* one by default */",
      '    var v = "x" /* the suffix,',
      "                   as written */",
      "    rollback: none",
      "  }",
      "}",
      "",
    ].join("\n");
    const once = await moved("block-after.momoflow", text);
    assert.equal(
      once,
      [
        "workflow w {",
        "  param q: int = 1 /* one by default */",
        "  step s {",
        '    run: "echo ${q} ${v}"',
        '    var v = "x" /* the suffix,',
        "                   as written */",
        "    rollback: none",
        "  }",
        "}",
        "",
      ].join("\n"),
    );
    const twice = await moved("block-after-2.momoflow", once);
    assert.deepEqual(
      (await workspace.openChecked("block-after-fixed.momoflow", twice)).diagnostics,
      [],
    );
    assert.equal(
      twice,
      [
        "workflow w {",
        "  param q: int = 1 /* one by default */",
        '  var v = "x" /* the suffix,',
        "                 as written */",
        "  step s {",
        '    run: "echo ${q} ${v}"',
        "    rollback: none",
        "  }",
        "}",
        "",
      ].join("\n"),
    );
  });
});
