import "./esm-only-dependencies";
import assert from "node:assert/strict";
import { checkedLines as check } from "../support/checked-file";

/*
 * A shell action written as other tools run one — `bash("make")`,
 * `shell(…)`, `exec(…)`, `cmd(…)`, or `sh "make"` without parentheses — is
 * one error saying the shell action is the string itself (or the built-in
 * `sh(script: …)`), not "unknown command" nor a cascade.
 */
describe("a shell action written as a call: one error saying it is a string", () => {
  const step = (run: string): string =>
    ["workflow w {", "  param n: int = 1", `  step a { run: ${run} }`, "}", ""].join("\n");

  it("says so of bash(…), shell(…), exec(…) and cmd(…)", () => {
    for (const word of ["bash", "shell", "exec", "cmd"]) {
      assert.deepEqual(
        check(step(`${word}("echo \${n}")`)),
        [
          `3:17-3:${17 + word.length} MF005 "${word}" is no command: a shell action is the string itself: \`run: "echo \${n}"\` (or the built-in \`sh(script: "echo \${n}")\`)`,
        ],
        word,
      );
    }
  });

  it("says so of a call with other arguments, without a string to show", () => {
    assert.deepEqual(check(step('exec("a", "${n}")')), [
      '3:17-3:21 MF005 "exec" is no command: a shell action is the string itself: `run: "..."` (or the built-in `sh(script: "...")`)',
    ]);
  });

  it('reads `sh "make"` as the string, one MF001', () => {
    assert.deepEqual(check(step('sh "echo ${n}"')), [
      '3:17-3:31 MF001 a shell action is the string itself: `run: "echo ${n}"` (or the built-in `sh(script: "echo ${n}")`)',
    ]);
  });

  it("leaves a command declared with such a name alone", () => {
    const text = [
      "command bash(line: string) {",
      '  run: "echo ${line}"',
      "  rollback: none",
      "}",
      "workflow w {",
      '  step a { run: bash(line: "x") }',
      "}",
      "",
    ].join("\n");
    assert.deepEqual(check(text), []);
  });
});
