import "./esm-only-dependencies";
import assert from "node:assert/strict";
import { parseDocument } from "../../src/language/parse";
import { checkedLines as check } from "../support/checked-file";

/*
 * What is left open at the end of a line while it is typed (`command c(`,
 * `env: { CI: 1,`, a `"""` never closed) is one MF001 on that line, and the
 * lines after it are read as they are: their own problems are reported, the
 * steps below keep their properties (and the editor its outline of them).
 * A step's header typed again above its body keeps its errors on that line.
 */

/** Each step of each workflow of `text`: `workflow/step[property,...]`. */
function steps(text: string): string[] {
  return parseDocument(text, "/ws/main.momoflow").file.workflows.flatMap((workflow) =>
    workflow.steps.map(
      (step) =>
        `${workflow.name.text}/${step.name.text}[${step.properties.map((p) => p.name.text).join(",")}]`,
    ),
  );
}

/** A workflow `w`: its step `build` holds `lines` (indented into it); a step `ship` below it misspells `retries`. */
function workflow(...lines: string[]): string {
  return [
    "workflow w {",
    "  step build {",
    ...lines.map((line) => `    ${line}`),
    "  }",
    "  step ship {",
    "    needs: build",
    '    run: "echo ship"',
    "    retires: 3",
    "  }",
    "}",
    "",
  ].join("\n");
}

/** The MF009 of {@link workflow}'s `retires`, on line `line`. */
const retires = (line: number): string =>
  `${line}:5-${line}:12 MF009 unknown property "retires" of a step; did you mean "retries"?`;

describe("what is left open at a line's end: one error on that line, the lines after it read as they are", () => {
  it('a `"""` never closed: said once where it starts, the lines below it read from the next block line', () => {
    const file = workflow('run: """', "  echo hi");
    assert.deepEqual(check(file), [
      '3:10-3:13 MF001 unterminated multi-line string: add a closing `"""`',
      retires(9),
    ]);
    assert.deepEqual(steps(file), ["w/build[run]", "w/ship[needs,run,retires]"]);
    // Script lines less indented than the property stay in the string: only a line of the block ends it.
    const flush = workflow('run: """', "echo hi").replace("    echo hi", "echo hi");
    assert.deepEqual(check(flush), [
      '3:10-3:13 MF001 unterminated multi-line string: add a closing `"""`',
      retires(9),
    ]);
  });
});
