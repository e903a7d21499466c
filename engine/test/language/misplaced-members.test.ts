import "./esm-only-dependencies";
import assert from "node:assert/strict";
import { checkedLines as check, laterStepReport, workflowAround } from "../support/checked-file";

/*
 * A `param`, `var` or `step` written inside a step (indented into it, the
 * step closed by its own `}` further down), or a `param` written inside a
 * command's body, is one error on it, saying where it belongs: the member is
 * still declared (no "not defined" where it is read), the block keeps the
 * properties after it (no "no run property", no "`run` is a step's property"),
 * and the rest of the file is read on.
 */
function inStep(...lines: string[]): string {
  return workflowAround(["  step s {"], lines);
}

describe("a workflow's member inside a step, a command's parameter in its body: one error, the file read on", () => {
  it("a `param` inside a step is the workflow's, said once on it", () => {
    assert.deepEqual(check(inStep("param q: int = 1", 'run: "echo ${q}"', "rollback: none")), [
      "3:5-3:12 MF001 `param q` is declared in the workflow, not inside step `s`: move it above the step",
      laterStepReport(8),
    ]);
  });

  it("a `var` inside a step is the workflow's, said once on it", () => {
    assert.deepEqual(check(inStep('var v = "x"', 'run: "echo ${v}"', "rollback: none")), [
      "3:5-3:10 MF001 `var v` is declared in the workflow, not inside step `s`: move it above the step",
      laterStepReport(8),
    ]);
  });

  it("a `step` inside a step is a step of the workflow, said once on it", () => {
    const text = inStep(
      "step inner {",
      '  run: "echo in"',
      "  rollback: none",
      "}",
      'run: "echo ${steps.inner.output}"',
      "needs: [inner]",
      "rollback: none",
    );
    assert.deepEqual(check(text), [
      "3:5-3:15 MF001 steps do not nest: `step inner` is inside step `s`; move it out of the step",
      laterStepReport(12),
    ]);
  });

  it("still reads a step at its step's depth as the next step, the `}` above it forgotten", () => {
    const text = [
      "workflow w {",
      "  step a {",
      '    run: "echo a"',
      "  step b {",
      "    needs: [a]",
      '    run: "echo b"',
      "  }",
      "}",
      "",
    ].join("\n");
    assert.deepEqual(check(text), ["3:10-3:18 MF001 expected `}` to close step `a` opened at 2:3"]);
  });

  it("a `param` in a command's body is one of its parameters, said once on it", () => {
    const text = [
      "command c(a: int) {",
      "  param b: int = 2",
      '  run: "echo ${a} ${b}"',
      "  rollback: none",
      "}",
      "workflow w {",
      "  step s {",
      "    run: c(a: 1, b: 3)",
      "  }",
      "}",
      "",
    ].join("\n");
    assert.deepEqual(check(text), [
      "2:3-2:10 MF001 `param b` is declared in the command's parentheses, not in its body: `command c(a: int, b: int = 2)`",
    ]);
  });
});
