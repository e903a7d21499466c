import assert from "node:assert/strict";
import type { Expression } from "../../src/language/ast";
import { readsStepOutput } from "../../src/language/compile/own-output-read";
import { parseDocument } from "../../src/language/parse";

/** The rollback of step `make`, as parsed from `rollback: <text>`. */
function rollbackOf(text: string): Expression | undefined {
  const { file } = parseDocument(
    `workflow w {\n  step make {\n    run: "echo x"\n    rollback: ${text}\n  }\n}\n`,
    "w.momoflow",
  );
  return file.workflows[0]!.steps[0]!.properties.find((p) => p.name.text === "rollback")?.value;
}

describe("readsStepOutput: does a rollback wait for its own step's output", () => {
  const cases: [string, boolean][] = [
    ["delete_path(path: steps.make.output)", true],
    ['"rm -f ${steps.make.output}"', true],
    ["my_undo(paths: [steps.make.output], extra: { k: steps.make.output })", true],
    ['js("./undo.mjs", "undo", path: steps.make.output)', true],
    ["delete_path(path: steps.other.output)", false],
    ['"rm -f out.txt"', false],
    ["none", false],
  ];
  for (const [text, expected] of cases) {
    it(`${text} → ${expected}`, () => {
      const expr = rollbackOf(text);
      assert.ok(expr, `no rollback parsed from ${text}`);
      assert.equal(readsStepOutput(expr, "make"), expected);
    });
  }
});
