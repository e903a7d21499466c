import "./esm-only-dependencies";
import assert from "node:assert/strict";
import { parseDocument } from "../../src/language/parse";
import { checkedLines as check } from "../support/checked-file";

/*
 * Blocks written as YAML and Python write them: a header without `{`, its
 * body the lines indented deeper than it. Each such header is one MF001
 * ("momoflow blocks are in braces", the braces as its fix) and its body is
 * read by indentation, so the file has no other error: no `step` read as
 * a property, no step needing itself, no property set twice.
 */
describe("blocks written by indentation: one MF001 a header, the body read by its indentation", () => {
  const BRACES = "momoflow blocks are in braces";

  it("reads a workflow of steps written without braces", () => {
    const text = [
      "workflow w",
      "  param n: int = 2",
      "  step a",
      '    run: "echo ${n}"',
      "  step b",
      "    needs: [a]",
      '    run: "echo ${steps.a.output}"',
      "",
    ].join("\n");
    assert.deepEqual(check(text), [
      `1:10-1:11 MF001 expected \`{\` after workflow \`w\`: ${BRACES}`,
      `3:8-3:9 MF001 expected \`{\` after step \`a\`: ${BRACES}`,
      `5:8-5:9 MF001 expected \`{\` after step \`b\`: ${BRACES}`,
    ]);
    const { file, diagnostics } = parseDocument(text, "/w.momoflow");
    const workflow = file.workflows[0]!;
    assert.deepEqual(
      workflow.steps.map((step) => [step.name.text, step.properties.map((p) => p.name.text)]),
      [
        ["a", ["run"]],
        ["b", ["needs", "run"]],
      ],
    );
    assert.deepEqual(
      workflow.params.map((p) => p.name.text),
      ["n"],
    );
    assert.deepEqual(diagnostics[0]!.data, {
      addBraces: [
        { at: { line: 0, character: 10 }, text: " {" },
        { at: { line: 6, character: 33 }, text: "\n}" },
      ],
    });
    assert.deepEqual(diagnostics[1]!.data, {
      addBraces: [
        { at: { line: 2, character: 8 }, text: " {" },
        { at: { line: 3, character: 20 }, text: "\n  }" },
      ],
    });
  });

  it("reads tests and commands so too, and files mixing both ways", () => {
    const text = [
      "command hello(who: string)",
      '  run: "echo ${who}"',
      "  rollback: none",
      "workflow w {",
      "  step a",
      '    run: hello(who: "a")',
      "  step b {",
      "    needs: a",
      '    run: hello(who: "b")',
      "  }",
      "}",
      'test "t"',
      "  workflow: w",
      "  expect status == success",
      "",
    ].join("\n");
    assert.deepEqual(check(text), [
      `1:26-1:27 MF001 expected \`{\` after command \`hello\`: ${BRACES}`,
      `5:8-5:9 MF001 expected \`{\` after step \`a\`: ${BRACES}`,
      `12:6-12:9 MF001 expected \`{\` after test \`t\`: ${BRACES}`,
    ]);
  });

  it("puts each `}` on a line of its own with the file's line breaks", () => {
    const text = ["workflow w", "  step a", '    run: "echo"', ""].join("\r\n");
    for (const offsetRanges of [false, true]) {
      const { diagnostics } = parseDocument(text, "/w.momoflow", { offsetRanges });
      assert.deepEqual(
        diagnostics.map((d) => d.data?.addBraces?.map((brace) => brace.text)),
        [
          [" {", "\r\n}"],
          [" {", "\r\n  }"],
        ],
      );
    }
  });

  it("skips what cannot be read in a body no further than the body's end", () => {
    const text = ["workflow w", "  step a", '    run: "x" )', "  step b", '    run: "y"', ""];
    assert.deepEqual(check(text.join("\n")), [
      `1:10-1:11 MF001 expected \`{\` after workflow \`w\`: ${BRACES}`,
      `2:8-2:9 MF001 expected \`{\` after step \`a\`: ${BRACES}`,
      "3:14-3:15 MF001 unexpected `)`: expected a property name",
      `4:8-4:9 MF001 expected \`{\` after step \`b\`: ${BRACES}`,
    ]);
  });

  it("keeps a `}` under the header as the block's own, its `{` alone missing", () => {
    const text = [
      "workflow w {",
      "  step a",
      '    run: "echo"',
      "  }",
      "  step b {",
      "    needs: a",
      '    run: "echo"',
      "  }",
      "}",
      "",
    ].join("\n");
    assert.deepEqual(check(text), [`2:8-2:9 MF001 expected \`{\` after step \`a\`: ${BRACES}`]);
    const { diagnostics } = parseDocument(text, "/w.momoflow");
    assert.deepEqual(diagnostics[0]!.data, {
      addBraces: [{ at: { line: 1, character: 8 }, text: " {" }],
    });
  });

  it("leaves a header whose next line is no deeper as it was: expected `{`", () => {
    assert.deepEqual(check(["workflow w {", "  step a", '  run: "echo"', "}", ""].join("\n")), [
      "2:8-2:9 MF001 expected `{` after step `a`",
      "4:1-4:2 MF001 expected `}` to close workflow `w` opened at 1:1",
    ]);
  });
});
