import assert from "node:assert/strict";
import { useWorkspaceSession } from "../support/workspace-session";
import { applyFixesInTurn } from "../support/fixes-in-turn";

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
    const fixed = await applyFixesInTurn(workspace, text, { uri, diagnostics }, (actions, d) => {
      const written = String(d.message).split("`")[1]!;
      const fix = actions.find((a) => a.title.startsWith("Rename"));
      assert.ok(fix, JSON.stringify(actions));
      assert.equal(fix.title, `Rename \`${written}\` to \`${written.replace(/-/g, "_")}\``);
      assert.equal(fix.isPreferred, true);
      return fix;
    });
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
