import "./esm-only-dependencies";
import assert from "node:assert/strict";
import { LanguageWorkspace } from "../../src/language/workspace";
import { checkedLines as check } from "../support/checked-file";

/*
 * `run: workflow (part: "x")` — the called workflow's name left out (or
 * deleted), or `run: workflow` with nothing after it yet: the call names no
 * workflow. It is read as a call of a command
 * named `workflow` (a command may be named so), but when none is declared the
 * mistake is the missing workflow name: one MF040 saying so, not "unknown
 * command "workflow"", whose quick fix would declare such a command.
 */
const FILE = [
  "workflow release {",
  "  param part: string",
  '  step bump { run: "echo ${part}" }',
  "}",
  "workflow ship {",
  "  step release {",
  '    run: workflow (part: "minor")',
  "  }",
  "}",
  "",
].join("\n");

describe("a workflow call without the workflow's name", () => {
  it("is one MF040 on `workflow` asking for the name", () => {
    assert.deepEqual(check(FILE), [
      "7:10-7:18 MF040 expected the name of the workflow to call after `workflow`: `workflow NAME(...)`",
    ]);
  });

  it("is the same MF040 when nothing follows `workflow` yet", () => {
    // Once MF007 "run must be an action", as if `workflow` were a value.
    const text = FILE.replace('workflow (part: "minor")', "workflow");
    assert.deepEqual(check(text), [
      "7:10-7:18 MF040 expected the name of the workflow to call after `workflow`: `workflow NAME(...)`",
    ]);
  });

  it("is still MF007 in a rollback, which calls no workflow", () => {
    const text = FILE.replace(
      'run: workflow (part: "minor")',
      'run: "echo"\n    rollback: workflow',
    );
    assert.deepEqual(check(text), [
      '8:15-8:23 MF007 "rollback" must be an action: a shell string, a command call, js("./module.mjs", "export"), or none (nothing to undo)',
    ]);
  });

  it("offers no command to declare for it", () => {
    const workspace = new LanguageWorkspace({
      readFile: (path) => (path === "/ws/main.momoflow" ? FILE : undefined),
    });
    const [diagnostic] = workspace.check("/ws/main.momoflow").diagnostics;
    assert.equal(diagnostic?.data?.unknownDeclaration, undefined);
  });

  it("still calls a command named `workflow` when one is declared", () => {
    const text = FILE.replace(
      "workflow ship {",
      'command workflow(part: string) {\n  run: "echo ${part}"\n  rollback: none\n}\nworkflow ship {',
    );
    assert.deepEqual(check(text), []);
  });
});
