import "./esm-only-dependencies";
import assert from "node:assert/strict";
import { parseDocument } from "../../src/language/parse";
import { checkedLines as check } from "../support/checked-file";

/*
 * `version: 1.2.3`, a version written without its quotes as YAML allows: one
 * MF001 on it with `"1.2.3"` as the fix, read as that string meanwhile — it
 * was "must be a string, not a number" on `1.2` and "unexpected `.`" on the
 * rest (in a map, the entries after it lost too).
 */
describe("a version written without its quotes: one MF001, read as the string", () => {
  it("in a test's params, and the workflow's param is given", () => {
    const text = [
      "workflow release {",
      "  param version: string",
      '  step tag { run: "git tag v${version}" rollback: none }',
      "}",
      'test "t" {',
      "  workflow: release",
      "  params: { version: 1.2.3 }",
      "}",
      "",
    ].join("\n");
    assert.deepEqual(check(text), [
      '7:22-7:27 MF001 `1.2.3` is no number: a version is a string, `"1.2.3"`',
    ]);
    const [diagnostic] = parseDocument(text, "/work/a.momoflow").diagnostics;
    assert.deepEqual(diagnostic?.data?.suggestions, ['"1.2.3"']);
  });

  it("as a default, and a number with one dot is still a number", () => {
    const text = [
      "workflow w {",
      "  param v: string = 10.4.1",
      "  param n: number = 1.5",
      '  step s { run: "echo ${v} ${n}" rollback: none }',
      "}",
      "",
    ].join("\n");
    assert.deepEqual(check(text), [
      '2:21-2:27 MF001 `10.4.1` is no number: a version is a string, `"10.4.1"`',
    ]);
  });
});
