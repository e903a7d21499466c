import assert from "node:assert/strict";
import { useWorkspaceSession } from "../support/workspace-session";
import { applyFixesInTurn, diagnosticLines } from "../support/fixes-in-turn";

/**
 * A `#` comment, as shells and YAML write one, is one MF001 on the `#` (its
 * words are no tokens: no "unknown property", no undefined names), with the
 * quick fix that writes `//` instead; the fixed file checks clean.
 */
describe("language server: a `#` comment is one MF001 with `//` as its fix (real LSP over stdio)", function () {
  this.timeout(30_000);
  const workspace = useWorkspaceSession({ prefix: "momoflow-hash-comment-" });

  it("reports the `#` once per comment and fixes it to `//`", async () => {
    const text = [
      "workflow w {",
      "  # deploy: everything, now",
      "  step a {",
      '    run: "echo" # says hello',
      "    rollback: none",
      "  }",
      "}",
      "",
    ].join("\n");
    const { uri, diagnostics } = await workspace.openChecked("hash.momoflow", text);
    assert.deepEqual(diagnosticLines(diagnostics), [
      "1:2 MF001 a comment starts with `//`, not `#`: write `// deploy: everything, now`",
      "3:16 MF001 a comment starts with `//`, not `#`: write `// says hello`",
    ]);
    const fixed = await applyFixesInTurn(workspace, text, { uri, diagnostics }, (actions) =>
      actions.find((a) => a.title.includes("//")),
    );
    assert.match(fixed, /\/\/ deploy: everything, now/);
    const again = await workspace.openChecked("fixed.momoflow", fixed);
    assert.deepEqual(again.diagnostics, [], fixed);
  });
});
