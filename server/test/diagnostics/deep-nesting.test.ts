import assert from "node:assert/strict";
import type { DocumentSymbol } from "vscode-languageserver-protocol/node";
import { useWorkspaceSession } from "../support/workspace-session";

/** A value nested 80 deep, past the limit of 64, in a step followed by more of the workflow. */
function documentWith(value: string): string {
  return [
    "workflow w {", // 0
    "  step s {", // 1
    '    run: "x"', // 2
    `    x: ${value}`, // 3
    "    retries: 2", // 4
    "  }", // 5
    "  step t {", // 6
    "    needs: [missing]", // 7
    '    run: "y"', // 8
    "  }", // 9
    "}", // 10
    'workflow v { step u { run: "z" } }', // 11
    "",
  ].join("\n");
}

describe("language server: a value nested too deeply (real LSP over stdio)", function () {
  this.timeout(30_000);
  const workspace = useWorkspaceSession({ prefix: "momoflow-lsp-deep-", each: true });

  for (const [kind, value] of [
    ["list", `${"[".repeat(80)}1${"]".repeat(80)}`],
    ["map", `${"{ a: ".repeat(80)}1${" }".repeat(80)}`],
  ]) {
    it(`a ${kind}: one error where it gets too deep; the rest of the file is checked and outlined`, async () => {
      const uri = await workspace.open(`deep-${kind}.momoflow`, documentWith(value!));
      const diagnostics = await workspace.client.waitForDiagnostics(uri, 1);
      assert.deepEqual(
        diagnostics.map((d) => [d.code, d.range.start.line]),
        [
          // The property is read (and, its name unknown, checked) all the same.
          ["MF009", 3],
          ["MF001", 3],
          // The step after it is checked as usual.
          ["MF002", 7],
        ],
      );
      assert.equal(diagnostics[1]!.message, "values are nested more than 64 deep");
      assert.deepEqual(
        diagnostics[1]!.range.start.character,
        "    x: ".length + (kind === "list" ? 64 : 64 * "{ a: ".length),
      );
      const symbols = await workspace.client.request<DocumentSymbol[]>(
        "textDocument/documentSymbol",
        { textDocument: { uri } },
      );
      assert.deepEqual(
        symbols.map((s) => [s.name, (s.children ?? []).map((c) => c.name)]),
        [
          ["w", ["s", "t"]],
          ["v", ["u"]],
        ],
      );
    });
  }
});
