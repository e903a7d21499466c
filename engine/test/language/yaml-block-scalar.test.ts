import "./esm-only-dependencies";
import assert from "node:assert/strict";
import { parseDocument } from "../../src/language/parse";
import type { StringLiteral } from "../../src/language/ast";
import {
  checkedLines as check,
  LATER_STEP_AND_END,
  laterStepReport,
} from "../support/checked-file";

/*
 * `run: |` above the script's more-indented lines, as YAML writes a
 * multi-line string: one MF001 on the indicator saying momoflow writes it
 * as `"""` … `"""` (the quick fix), not the cascade its lines gave as
 * characters, unquoted commands and unknown properties; the property holds
 * the script meanwhile and the rest of the file is checked as usual.
 */
describe("a YAML block scalar as a property's value: one MF001, the script kept", () => {
  const step = (indicator: string, ...script: string[]): string =>
    [
      "workflow w {",
      '  param who: string = "you"',
      "  step a {",
      `    run: ${indicator}`,
      ...script,
      '    rollback: "echo undo"',
      "  }",
      ...LATER_STEP_AND_END,
    ].join("\n");

  for (const indicator of ["|", ">", "|-", ">-"]) {
    it(`says \`${indicator}\` once, and checks the file on`, () => {
      const text = step(indicator, "      echo one", "", "      echo two ${who}");
      assert.deepEqual(check(text), [
        `4:10-4:${10 + indicator.length} MF001 \`${indicator}\` starts a YAML block: momoflow writes a multi-line script as \`"""\` … \`"""\``,
        laterStepReport(11),
      ]);
    });
  }

  it("reads the block as the script, its names checked where they are", () => {
    const text = step("|", "      echo one", "      echo ${who} ${nobody}");
    assert.deepEqual(check(text), [
      '4:10-4:11 MF001 `|` starts a YAML block: momoflow writes a multi-line script as `"""` … `"""`',
      '6:21-6:27 MF008 "nobody" is not defined here',
      laterStepReport(10),
    ]);
    const { file } = parseDocument(step("|", "      echo one", "        echo two"), "/w.momoflow");
    const run = file.workflows[0]!.steps[0]!.properties[0]!.value as StringLiteral;
    assert.equal(run.kind, "string");
    assert.deepEqual(run.parts, [{ kind: "text", value: "echo one\n  echo two" }]);
  });

  it('offers the block written as a `"""` string as the fix', () => {
    const text = step("|-  # the script", "      echo one", "      echo two");
    const { diagnostics } = parseDocument(text, "/w.momoflow");
    assert.equal(diagnostics.length, 1);
    assert.deepEqual(diagnostics[0]!.data, {
      suggestions: ['"""\n      echo one\n      echo two\n    """'],
      replaceRange: { start: { line: 3, character: 9 }, end: { line: 5, character: 14 } },
      fixTitle: 'Write the block as a `"""` string',
    });
  });

  it("leaves `when: a > b` and a `>` with nothing indented below it alone", () => {
    assert.deepEqual(
      check(
        [
          "workflow w {",
          "  param n: int = 3",
          "  step a {",
          "    when: n >",
          "      2",
          '    run: "echo"',
          "  }",
          "}",
          "",
        ].join("\n"),
      ),
      [],
    );
  });
});
