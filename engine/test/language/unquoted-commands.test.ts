import "./esm-only-dependencies";
import assert from "node:assert/strict";
import { parseDocument } from "../../src/language/parse";
import { checkedLines as check } from "../support/checked-file";

/*
 * `run: npm run build`, as YAML (GitHub Actions, GitLab CI, Ansible) writes
 * a command: one MF001 on the whole command, with the quoted command as the
 * fix, and the step read as running that string (its `${...}` read) — it was
 * "run must be an action", "property run is set twice" and "expected `:`
 * after `run`", and a `-` or `|` in it unexpected characters each.
 */
describe("a shell command written without its quotes: one MF001, read as the string", () => {
  it("on a line of its own, `${...}` and quotes in it, and in a rollback", () => {
    const text = [
      "workflow w {",
      '  param target: string = "a"',
      "  step clean {",
      "    run: rm -rf dist/${target} && echo done",
      "    rollback: git checkout -- dist",
      "  }",
      "}",
      "",
    ].join("\n");
    assert.deepEqual(check(text), [
      '4:10-4:44 MF001 a shell command is a string: write `run: "rm -rf dist/${target} && echo done"`',
      '5:15-5:35 MF001 a shell command is a string: write `rollback: "git checkout -- dist"`',
    ]);
    const { file, diagnostics } = parseDocument(text, "/work/a.momoflow");
    assert.deepEqual(diagnostics[0]?.data?.suggestions, ['"rm -rf dist/${target} && echo done"']);
    const run = file.workflows[0]?.steps[0]?.properties[0]?.value;
    assert.equal(run?.kind, "string");
  });

  it("down to the next property on its line, and the step's `}`", () => {
    const text = [
      "workflow w {",
      "  step build { run: make build rollback: none }",
      '  step quoted { run: echo "a b" rollback: none }',
      "}",
      "",
    ].join("\n");
    assert.deepEqual(check(text), [
      '2:21-2:31 MF001 a shell command is a string: write `run: "make build"`',
      '3:22-3:32 MF001 a shell command is a string: write `run: "echo \\"a b\\""`',
    ]);
  });

  it("leaves a single word, and other properties, as before", () => {
    const text = [
      "workflow w {",
      "  step one {",
      "    run: make",
      "    rollback: none",
      "  }",
      "}",
      "",
    ];
    assert.deepEqual(check(text.join("\n")), [
      '3:10-3:14 MF007 "run" must be an action: a shell string, a command call, js("./module.mjs", "export"), or workflow NAME(...) (a step\'s run)',
    ]);
  });
});
