import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { FoldingRange } from "vscode-languageserver-protocol/node";
import { uriOf } from "../support/lsp-client";
import { useWorkspaceSession } from "../support/workspace-session";

const fixtures = resolve(__dirname, "../../../test-fixtures");

const DOC = [
  'import "./a.momoflow"', // 0
  'import "./b.momoflow"', // 1
  "", // 2
  "// Two plain", // 3
  "// comment lines.", // 4
  "/// A doc comment", // 5
  "/// of two lines.", // 6
  "workflow w {", // 7
  "  step a {", // 8
  "    run: write_json(", // 9
  '      path: "x.json",', // 10
  "      value: {", // 11
  "        list: [", // 12
  "          1,", // 13
  "          2,", // 14
  "        ],", // 15
  "      },", // 16
  "    )", // 17
  "  }", // 18
  "  step b {", // 19
  '    run: """', // 20
  "      echo one", // 21
  "      echo two", // 22
  '    """', // 23
  "  }", // 24
  "  /* a block", // 25
  "     comment */", // 26
  '  step c { run: "c" } // one line: no folding', // 27
  "}", // 28
  "",
].join("\n");

describe("language server: folding ranges (real LSP over stdio)", function () {
  this.timeout(30_000);
  const workspace = useWorkspaceSession({ prefix: "momoflow-folding-" });

  before(() => {
    assert.equal(workspace.init.capabilities.foldingRangeProvider, true);
  });

  const folding = (uri: string): Promise<FoldingRange[]> =>
    workspace.client.request<FoldingRange[]>("textDocument/foldingRange", {
      textDocument: { uri },
    });

  it("folds the blocks, lists, maps and calls of publish-site.momoflow, keeping closing lines visible", async () => {
    const path = join(fixtures, "valid", "publish-site.momoflow");
    const uri = uriOf(path);
    await workspace.client.open(uri, readFileSync(path, "utf8"));
    assert.deepEqual(await folding(uri), [
      { startLine: 3, endLine: 5 }, // command greet
      { startLine: 8, endLine: 39 }, // workflow publish_site
      { startLine: 19, endLine: 27 }, // step build
      { startLine: 21, endLine: 23 }, // its """ script
      { startLine: 30, endLine: 32 }, // step publish
      { startLine: 35, endLine: 38 }, // step announce
      { startLine: 42, endLine: 50 }, // test
    ]);
  });

  it("folds imports, comment runs, block comments, call arguments, maps, lists and scripts", async () => {
    const uri = await workspace.open("folding.momoflow", DOC);
    assert.deepEqual(await folding(uri), [
      { startLine: 0, endLine: 1, kind: "imports" },
      { startLine: 3, endLine: 4, kind: "comment" },
      { startLine: 5, endLine: 6, kind: "comment" },
      { startLine: 7, endLine: 27 }, // workflow
      { startLine: 8, endLine: 17 }, // step a
      { startLine: 9, endLine: 16 }, // write_json( ... )
      { startLine: 11, endLine: 15 }, // value: { ... }
      { startLine: 12, endLine: 14 }, // list: [ ... ]
      { startLine: 19, endLine: 23 }, // step b
      { startLine: 20, endLine: 22 }, // """ ... """
      { startLine: 25, endLine: 26, kind: "comment" },
    ]);
  });

  it("folds a file of 100,000 unclosed `{` in time, closing brackets across kinds", async () => {
    // Every token searched the open brackets for its opener: this took minutes.
    const unclosed = `workflow w {\n  step a {\n    run: log(message: ${"{a: ".repeat(100_000)}\n  }\n}\n`;
    const started = performance.now();
    const ranges = await folding(await workspace.open("unclosed.momoflow", unclosed));
    const ms = performance.now() - started;
    assert.ok(ms < 3_000, `folding took ${Math.round(ms)} ms`);
    // Each `}` closes the innermost open `{`, a map's of line 2: the second one folds it.
    assert.deepEqual(ranges, [{ startLine: 2, endLine: 3 }]);
    // A closer of another kind than the innermost opener closes through it; a stray one nothing.
    const mixed = "workflow w {\n  x: [\n  (\n  }\n)\n]\n";
    assert.deepEqual(await folding(await workspace.open("mixed.momoflow", mixed)), [
      { startLine: 0, endLine: 2 },
    ]);
  });
});
