import "./esm-only-dependencies";
import assert from "node:assert/strict";
import { parseDocument } from "../../src/language/parse";
import { checkedLines as check } from "../support/checked-file";

/*
 * `when: zones contains "eu"`, as an `expect` writes `contains`: in a
 * condition it is the function `contains(zones, "eu")`. One MF001 with the
 * call as the fix, read as the call — it was an unknown property
 * `contains`, "expected `:` after `contains`", "`&&` takes conditions, not a
 * list" and "a comparison is a condition: it can only be the value of when".
 */
describe("`contains` written between its operands in a condition: one MF001, read as the call", () => {
  const text = [
    "workflow w {",
    '  param zones: list = ["eu"]',
    '  param target: string = "x"',
    "  step s {",
    '    when: target == "x" && zones contains "eu" || !(target != "y")',
    '    run: "echo"',
    "    rollback: none",
    "  }",
    "}",
    "",
  ].join("\n");

  it("says so once, with the call as the fix", () => {
    assert.deepEqual(check(text), [
      '5:28-5:47 MF001 in a condition `contains` is a function: write `contains(zones, "eu")`',
    ]);
    const [diagnostic] = parseDocument(text, "/work/a.momoflow").diagnostics;
    assert.deepEqual(diagnostic?.data?.suggestions, ['contains(zones, "eu")']);
  });

  it("reads it as the call, inside the `&&` and `||` as written", () => {
    const when = parseDocument(text, "/work/a.momoflow").file.workflows[0]?.steps[0]?.properties[0]
      ?.value;
    assert.equal(when?.kind, "binary");
    const left = when?.kind === "binary" ? when.left : undefined;
    const contains = left?.kind === "binary" ? left.right : undefined;
    assert.equal(contains?.kind === "call" ? contains.callee.text : undefined, "contains");
  });
});
