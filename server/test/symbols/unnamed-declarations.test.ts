import assert from "node:assert/strict";
import type { DocumentSymbol, Range } from "vscode-languageserver-protocol/node";
import { hoverAt as hoverOf, markdownOf } from "../support/hover-text";
import { at } from "../support/text-position";
import { useWorkspaceSession } from "../support/workspace-session";

/*
 * A declaration whose name is not typed yet (`step  {`, `workflow {`,
 * `test {`) stays in the outline: an LSP DocumentSymbol cannot have an
 * empty name (VS Code drops the whole outline: "name must not be falsy"),
 * so it is shown with a placeholder that says what it is, as TypeScript
 * shows `<function>` for a function without one; and its body still hovers.
 */

/** `name [kind] (selection line:col-line:col)` and its children, indented. */
function shown(symbols: DocumentSymbol[], depth = 0): string[] {
  return symbols.flatMap((s) => [
    `${"  ".repeat(depth)}${s.name} [${s.kind}] ${s.selectionRange.start.line + 1}:${s.selectionRange.start.character + 1}`,
    ...shown(s.children ?? [], depth + 1),
  ]);
}

describe("language server: a declaration without a name yet, in the outline and under the pointer (real LSP over stdio)", function () {
  this.timeout(30_000);
  const workspace = useWorkspaceSession({ prefix: "momoflow-unnamed-" });

  const symbolsOf = (uri: string): Promise<DocumentSymbol[]> =>
    workspace.client.request<DocumentSymbol[]>("textDocument/documentSymbol", {
      textDocument: { uri },
    });
  const hoverAt = (uri: string, text: string, needle: string, shift = 0) =>
    hoverOf(workspace.client, uri, text, needle, shift);

  it("`step  {`: an `<unnamed step>` between its neighbours, its body hovered", async () => {
    const text = [
      "workflow w {",
      '  param who: string = "Ann"',
      "  step a {",
      '    run: "echo a"',
      "  }",
      "  step  {",
      "    needs: a",
      '    run: "echo ${who}"',
      "    timeout: 5m",
      "  }",
      "  step c {",
      '    run: "echo c"',
      "  }",
      "}",
      "",
    ].join("\n");
    const uri = await workspace.openNew(text);
    assert.deepEqual(shown(await symbolsOf(uri)), [
      "w [5] 1:10",
      "  who [7] 2:9",
      "  a [6] 3:8",
      "  <unnamed step> [6] 6:7",
      "  c [6] 11:8",
    ]);
    assert.match(markdownOf(await hoverAt(uri, text, "5m")), /5 minutes/);
    assert.match(markdownOf(await hoverAt(uri, text, "needs: a", 7)), /step a/);
    assert.match(markdownOf(await hoverAt(uri, text, "${who}", 3)), /param who/);
  });

  it("`workflow {`: an `<unnamed workflow>` with its params and steps; `test {` an `<unnamed test>`", async () => {
    const text = [
      "workflow {",
      "  param who: string",
      "  step a {",
      '    run: "echo ${who}"',
      "    timeout: 5m",
      "  }",
      "}",
      "test {",
      "}",
      "",
    ].join("\n");
    const uri = await workspace.openNew(text);
    assert.deepEqual(shown(await symbolsOf(uri)), [
      "<unnamed workflow> [5] 1:9",
      "  who [7] 2:9",
      "  a [6] 3:8",
      "<unnamed test> [24] 8:5",
    ]);
    assert.match(markdownOf(await hoverAt(uri, text, "5m")), /5 minutes/);
    assert.match(
      markdownOf(await hoverAt(uri, text, "${who}", 3)),
      /param who: string\n```\n_param of a workflow without a name yet_/,
    );
    assert.match(markdownOf(await hoverAt(uri, text, "timeout")), /step property/);
  });

  it("two `workflow {` in one file: each param's hover is its own workflow's, at its declaration and at each read", async () => {
    const text = [
      "workflow {",
      "  param who: string",
      "  step a {",
      '    run: "echo first ${who}"',
      "  }",
      "}",
      "workflow {",
      "  param who: int = 3",
      "  step b {",
      '    run: "echo second ${who}"',
      "  }",
      "}",
      "",
    ].join("\n");
    const uri = await workspace.openNew(text);
    const first = /param who: string\n```\n_param of a workflow without a name yet_/;
    const second = /param who: int = 3\n```\n_param of a workflow without a name yet_/;
    assert.match(markdownOf(await hoverAt(uri, text, "first ${who}", 8)), first);
    assert.match(markdownOf(await hoverAt(uri, text, "second ${who}", 9)), second);
    assert.match(markdownOf(await hoverAt(uri, text, "who: string")), first);
    assert.match(markdownOf(await hoverAt(uri, text, "who: int")), second);
    // Its references are its own workflow's too.
    const references = await workspace.client.request<{ range: Range }[]>(
      "textDocument/references",
      {
        textDocument: { uri },
        position: at(text, "second ${who}", 9),
        context: { includeDeclaration: true },
      },
    );
    assert.deepEqual(
      references.map((r) => r.range.start.line + 1).sort((a, b) => a - b),
      [8, 10],
    );
  });

  it("leaves what has no name out of the workspace's symbols", async () => {
    await workspace.openNew('workflow {\n  step  {\n    run: "x"\n  }\n}\n', { stem: "nameless" });
    const found = await workspace.client.request<{ name: string }[]>("workspace/symbol", {
      query: "",
    });
    assert.ok(found.every((s) => s.name.length > 0 && !s.name.startsWith("<")));
  });
});
