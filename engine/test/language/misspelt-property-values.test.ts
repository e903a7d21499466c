import "./esm-only-dependencies";
import assert from "node:assert/strict";
import { checkedLines as check } from "../support/checked-file";

/*
 * A misspelt property (`rolback`, `outpt`, `shel`, `for_eac`) is one MF009
 * with "did you mean": its value is the misspelt property's, read by that
 * property's own rules once its name is right (`none`, `json`, `bash`, `n in
 * names` are no names to look up), so it is no second error, nor is the
 * property it is taken for missing (MF014). Other tools' names (`depends_on`,
 * `if`, `script`) are taken so too. The value of a
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

  it("takes other tools' names for needs, when, run, rollback: one MF009 each, the property not said missing", () => {
    const text = [
      "workflow w {",
      '  param target: string = "a"',
      '  step build { run: "make" rollback: none }',
      "  step deploy {",
      "    depends_on: [build]",
      '    if: target != "none"',
      '    script: "rsync -a dist/ host:/srv/${target}"',
      '    undo: "echo undone"',
      "  }",
      "}",
      "",
    ].join("\n");
    // Once also MF008 "build" undefined, MF007 on the condition and MF014 "has no run".
    assert.deepEqual(check(text), [
      '5:5-5:15 MF009 unknown property "depends_on" of a step; did you mean "needs"?',
      '6:5-6:7 MF009 unknown property "if" of a step; did you mean "when"?',
      '7:5-7:11 MF009 unknown property "script" of a step; did you mean "run"?',
      '8:5-8:9 MF009 unknown property "undo" of a step; did you mean "rollback"?',
    ]);
  });
});
