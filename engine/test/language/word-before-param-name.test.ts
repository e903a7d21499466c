import "./esm-only-dependencies";
import assert from "node:assert/strict";
import { parseDocument } from "../../src/language/parse";
import { checkedLines as check } from "../support/checked-file";

/*
 * `param secret token: string`, as languages with modifiers write one
 * (Kotlin's `private val`, TypeScript's `readonly`): one MF001 on the two
 * words, with the name as the fix, and the param read as meant (a `secret`
 * one is a secret) — it was "expected `:` and a type after `secret`", the
 * rest of the line an unknown workflow property, its type an undefined name,
 * its `=` unexpected, and each read of the param undefined.
 */
function workflow(param: string): string {
  return [
    "workflow deploy {",
    `  ${param}`,
    "  step push {",
    '    run: "echo ${token}"',
    "    rollback: none",
    "  }",
    "}",
    "",
  ].join("\n");
}

describe("a word before a param's name: one MF001, the param read as meant", () => {
  it("says `secret` is the param's type, and reads the param as a secret", () => {
    const text = workflow("param secret token: string = env.REGISTRY_TOKEN");
    assert.deepEqual(check(text), [
      "2:9-2:21 MF001 `secret` is a param's type, not a word before its name: write `param token: secret`",
    ]);
    const { file, diagnostics } = parseDocument(text, "/work/a.momoflow");
    assert.equal(file.workflows[0]?.params[0]?.type?.name.text, "secret");
    assert.deepEqual(diagnostics[0]?.data?.suggestions, ["token"]);
  });

  it("says a param has one name, for any other word", () => {
    assert.deepEqual(check(workflow('param optional token: string = "x"')), [
      "2:9-2:23 MF001 a param has one name: write `param token`, without `optional`",
    ]);
  });

  it("still reads `param p` followed by a property on the next line as before", () => {
    const text = ["workflow w {", "  param p", '  description: "x"', "}", ""].join("\n");
    assert.ok(check(text).includes("2:9-2:10 MF001 expected `:` and a type after `p`"));
  });
});
