import assert from "node:assert/strict";
import type { Diagnostic } from "vscode-languageserver-protocol";
import { at } from "../support/text-position";
import { useWorkspaceSession } from "../support/workspace-session";

/**
 * An index read in a `for_each` step (`${index}`), as other tools' loops
 * give one, is published over a real LSP connection as the one MF008 that
 * says the step has its item alone, on the name.
 */
describe("language server: an index read in a for_each step (real LSP over stdio)", function () {
  this.timeout(30_000);
  const workspace = useWorkspaceSession({ prefix: "momoflow-fan-out-index-" });

  it("says the step has no index, naming its item, on the name", async () => {
    const text = [
      "workflow w {",
      '  param regions: list = ["eu", "us"]',
      "  step deploy {",
      "    for_each: region in regions",
      '    run: "echo ${index} ${region}"',
      "    rollback: none",
      "  }",
      "}",
      "",
    ].join("\n");
    const { diagnostics } = await workspace.openChecked("index.momoflow", text);
    assert.deepEqual(
      diagnostics.map((d: Diagnostic) => ({
        code: d.code,
        message: d.message,
        start: d.range.start,
      })),
      [
        {
          code: "MF008",
          message:
            '"index" is not defined here: a for_each step has no index, only its item `region` (its instances are named by position in the run: deploy[0], deploy[1]…)',
          start: at(text, "index}"),
        },
      ],
    );
  });
});
