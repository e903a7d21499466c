import "./esm-only-dependencies";
import assert from "node:assert/strict";
import { parseDocument } from "../../src/language/parse";
import { checkedLines as check } from "../support/checked-file";

/*
 * `params { n: int = 3 }` and `vars { v = 1 }`, as Nextflow and CWL group
 * them, are one MF001 on the block's word: its entries are the params (vars)
 * they stand for meanwhile, so nothing else is reported (no step "params",
 * no undefined `n`); the fix writes them one a line.
 */
describe("a params or vars block: one MF001, its entries read as declarations", () => {
  it("says params are declared one per line, and reads n", () => {
    const text = [
      "workflow w {",
      "  params {",
      "    n: int = 3",
      '    target: string = "x"',
      "  }",
      '  step a { run: "echo ${n} ${target}" }',
      "}",
      "",
    ].join("\n");
    assert.deepEqual(check(text), [
      "2:3-2:9 MF001 params are declared one per line, `param n: int = 3`, not in a `params { }` block",
    ]);
    const data = parseDocument(text, "/ws/main.momoflow").diagnostics[0]!.data;
    assert.deepEqual(data?.suggestions, ['param n: int = 3\n  param target: string = "x"']);
    assert.deepEqual(data?.replaceRange, {
      start: { line: 1, character: 2 },
      end: { line: 4, character: 3 },
    });
  });

  it("says vars are declared one per line, a block on one line too", () => {
    const text = [
      "workflow w {",
      "  vars { v = 1, u = 2 }",
      '  step a { run: "echo ${v} ${u}" }',
      "}",
      "",
    ].join("\n");
    assert.deepEqual(check(text), [
      "2:3-2:7 MF001 vars are declared one per line, `var v = 1`, not in a `vars { }` block",
    ]);
  });

  it("offers no rewrite of a block holding a comment, and still says it once", () => {
    const text = [
      "workflow w {",
      "  params {",
      "    // how many",
      "    n: int = 3",
      "  }",
      '  step a { run: "echo ${n}" }',
      "}",
      "",
    ].join("\n");
    assert.equal(check(text).length, 1);
    assert.equal(parseDocument(text, "/ws/main.momoflow").diagnostics[0]!.data, undefined);
  });

  it("leaves a step called params as it was", () => {
    const text = ["workflow w {", '  step params { run: "echo" }', "}", ""].join("\n");
    assert.deepEqual(check(text), []);
  });
});
