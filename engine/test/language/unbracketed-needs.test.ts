import "./esm-only-dependencies";
import assert from "node:assert/strict";
import { parseDocument } from "../../src/language/parse";
import { checkedLines as check } from "../support/checked-file";

/*
 * `needs: a, c`, a list written without its brackets (as YAML's flow
 * sequences are not): one MF001 saying needs takes a list, with `[a, c]`
 * as the fix, and every id needed meanwhile, so reading `c`'s output is no
 * MF010 too.
 */
describe("needs written without its brackets: one MF001, each id needed", () => {
  const text = [
    "workflow w {",
    '  step a { run: "echo a" }',
    '  step c { run: "echo c" }',
    "  step b {",
    "    needs: a, c",
    '    run: "echo ${steps.c.output}"',
    "  }",
    "}",
    "",
  ].join("\n");

  it("says so once, and c is needed", () => {
    assert.deepEqual(check(text), ["5:12-5:16 MF001 needs takes a list: write `needs: [a, c]`"]);
  });

  it("offers the list as the fix", () => {
    const { diagnostics, file } = parseDocument(text, "/w.momoflow");
    assert.deepEqual(diagnostics[0]!.data, {
      suggestions: ["[a, c]"],
      replaceRange: { start: { line: 4, character: 11 }, end: { line: 4, character: 15 } },
    });
    const needs = file.workflows[0]!.steps[2]!.properties[0]!.value;
    assert.equal(needs?.kind, "list");
  });
});
