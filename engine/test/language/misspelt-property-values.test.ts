import "./esm-only-dependencies";
import assert from "node:assert/strict";
import { checkedLines as check } from "../support/checked-file";

/*
 * A misspelt property (`rolback`, `outpt`, `shel`, `for_eac`) is one MF009
 * with "did you mean": its value is the misspelt property's, read by that
 * property's own rules once its name is right (`none`, `json`, `bash`, `n in
 * names` are no names to look up), so it is no second error. The value of a
 * property no name is near is still checked for undefined names.
 */
describe("a misspelt property: one MF009, its value not read as references", () => {
  it("says nothing of `none`, `json`, `bash` or `n in names` after a misspelt name", () => {
    const text = [
      "workflow w {",
      '  param names: list = ["a"]',
      "  step a {",
      '    run: "echo"',
      "    outpt: json",
      "    rolback: none",
      "  }",
      "  step b {",
      "    for_eac: n in names",
      '    run: "echo"',
      "    shel: bash",
      "    rollback: none",
      "  }",
      "}",
      "",
    ].join("\n");
    assert.deepEqual(check(text), [
      '5:5-5:10 MF009 unknown property "outpt" of a step; did you mean "output"?',
      '6:5-6:12 MF009 unknown property "rolback" of a step; did you mean "rollback"?',
      '9:5-9:12 MF009 unknown property "for_eac" of a step; did you mean "for_each"?',
      '11:5-11:9 MF009 unknown property "shel" of a step; did you mean "shell"?',
    ]);
  });

  it("still reports an undefined name in the value of a property no name is near", () => {
    const text = [
      "workflow w {",
      "  step a {",
      '    run: "echo"',
      "    rollback: none",
      "    colour: nope",
      "  }",
      "}",
      "",
    ].join("\n");
    const lines = check(text);
    assert.equal(lines.length, 2, lines.join("\n"));
    assert.match(lines[0]!, /^5:5-5:11 MF009 unknown property "colour"/);
    assert.equal(lines[1], '5:13-5:17 MF008 "nope" is not defined here');
  });
});
