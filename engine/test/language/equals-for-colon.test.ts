import "./esm-only-dependencies";
import assert from "node:assert/strict";
import { parseDocument } from "../../src/language/parse";
import { checkedLines as check } from "../support/checked-file";

/*
 * `run = "make"` and `env: { A = "b" }`, as TOML, make and Python write a
 * key and its value, are one MF001 on the `=` saying `run: value`, with `:`
 * as the quick fix.
 */
describe("`key = value` for a property or a map entry: one MF001, `:` as its fix", () => {
  it("says so of a property and of a map entry", () => {
    const text = [
      "workflow w {",
      "  concurrency = 2",
      "  step a {",
      '    run: "echo"',
      '    env: { A = "b" }',
      "  }",
      "}",
      "",
    ].join("\n");
    assert.deepEqual(check(text), [
      "2:15-2:16 MF001 a key and its value are written `concurrency: value`, not `concurrency = value`",
      "5:14-5:15 MF001 a key and its value are written `A: value`, not `A = value`",
    ]);
    const data = parseDocument(text, "/ws/main.momoflow").diagnostics.map(
      (d) => d.data?.suggestions,
    );
    assert.deepEqual(data, [[":"], [":"]]);
  });
});
