import "./esm-only-dependencies";
import assert from "node:assert/strict";
import { checkedLines as check, laterStepReport, workflowAround } from "../support/checked-file";

/*
 * A reference left unfinished outside a string (`when: steps.`, while the
 * user types) is one error on what was written, saying what it lacks, as an
 * unfinished `${steps.}` is: the next line's property is not read as the
 * missing name, and nothing else is reported about the reference.
 */
/**
 * A workflow whose step `b` (which needs `a`) holds `lines`, then a step `t`
 * with an undefined name, still reported: the file is read on.
 */
function file(...lines: string[]): string {
  return workflowAround(
    [
      '  param target: string = "x"',
      '  step a { run: "echo ${target}" }',
      "  step b {",
      "    needs: a",
    ],
    lines,
  );
}

/** Where `needle` is on line `line` of `file(...)` (1-based), as `line:start-line:end`. */
function span(line: number, text: string, needle: string): string {
  const column = text.split("\n")[line - 1]!.indexOf(needle) + 1;
  assert.ok(column > 0, `${needle} on line ${line}`);
  return `${line}:${column}-${line}:${column + needle.length}`;
}

const STEPS = "`steps.` needs a step's id after the dot: `steps.build.output`";
const STEP_FIELD = "`steps.a.` needs `output` (`outputs` for a fan-out step) after the dot";

describe("unfinished references outside strings: what is missing, on what was written", () => {
  it("`when: steps.` above `run:`: the run is still the step's, not a step id", () => {
    const text = file("when: steps.", 'run: "echo"');
    assert.deepEqual(check(text), [
      `${span(6, text, "steps.")} MF001 ${STEPS}`,
      laterStepReport(10),
    ]);
  });

  it("`when: steps.a.` names what a condition reads there, status too", () => {
    const text = file("when: steps.a.", 'run: "echo"');
    assert.deepEqual(check(text), [
      `${span(6, text, "steps.a.")} MF001 \`steps.a.\` needs \`output\` (\`outputs\` for a fan-out step) or \`status\` after the dot`,
      laterStepReport(10),
    ]);
  });

  it("`when: params.`: a param is written by its name alone", () => {
    const text = file("when: params.", 'run: "echo"');
    assert.deepEqual(check(text), [
      `${span(6, text, "params.")} MF001 \`params.\` needs a name after the dot, but a param is written by its name alone: \`target\`, not \`params.target\``,
      laterStepReport(10),
    ]);
  });

  it("after an operator, after `!` and inside `( )`, with no report of a missing operand", () => {
    for (const when of ['target == "x" && steps.', "!steps.", "(steps.)", "!(steps."]) {
      const text = file(`when: ${when}`, 'run: "echo"');
      const diagnostics = check(text);
      assert.equal(diagnostics[0], `${span(6, text, "steps.")} MF001 ${STEPS}`, when);
      // `(steps.` also lacks its `)`: that is a mistake of its own.
      const rest = when === "!(steps." ? 1 : 0;
      assert.equal(diagnostics.length, 2 + rest, `${when}: ${diagnostics.join("\n")}`);
      assert.equal(diagnostics[diagnostics.length - 1], laterStepReport(10), when);
    }
  });

  it("a fan-out's items, with or without `<item> in`", () => {
    for (const items of ["file in steps.", "steps."]) {
      const text = file(`for_each: ${items}`, 'run: "echo"');
      assert.deepEqual(
        check(text),
        [`${span(6, text, "steps.")} MF001 ${STEPS}`, laterStepReport(10)],
        items,
      );
    }
    const field = file("for_each: file in steps.a.", 'run: "echo"');
    assert.deepEqual(check(field), [
      `${span(6, field, "steps.a.")} MF001 ${STEP_FIELD}`,
      laterStepReport(10),
    ]);
  });

  it("a call's argument, at the end of its line or before its `)`", () => {
    const closed = file("run: log(message: steps.a.)");
    assert.deepEqual(check(closed), [
      `${span(6, closed, "steps.a.")} MF001 ${STEP_FIELD}`,
      laterStepReport(9),
    ]);
    const open = file("run: log(message: steps.a.", "rollback: none");
    const diagnostics = check(open);
    assert.equal(diagnostics[0], `${span(6, open, "steps.a.")} MF001 ${STEP_FIELD}`);
    assert.match(diagnostics[1]!, /MF001 expected `\)` to close the arguments of `log`/);
    assert.deepEqual(diagnostics.slice(2), [laterStepReport(10)]);
  });

  it("env., run., workflow. and a field of a name, each with what it takes", () => {
    const cases: [string, string][] = [
      ["env.", "`env.` needs the name of an environment variable after the dot: `env.HOME`"],
      ["run.", "`run.` needs `id` or `dir` after the dot"],
      ["workflow.", "`workflow.` needs `name` or `dir` after the dot"],
      ["target.", "`target.` needs a field name after the dot"],
      [
        "steps.a.output.",
        "`steps.a.output.` needs a field of the JSON output after the dot: `steps.a.output.name`",
      ],
    ];
    for (const [written, message] of cases) {
      const text = file(`run: log(message: ${written})`);
      assert.deepEqual(
        check(text),
        [`${span(6, text, written)} MF001 ${message}`, laterStepReport(9)],
        written,
      );
    }
  });

  it("a var's value and a list's item, before the next member", () => {
    const text = [
      "workflow w {",
      "  var home = env.",
      '  step a { run: "echo ${home}" }',
      "  step b {",
      "    needs: [a, steps.]",
      '    run: "echo"',
      "  }",
      "}",
      "",
    ].join("\n");
    assert.deepEqual(check(text), [
      `${span(2, text, "env.")} MF001 \`env.\` needs the name of an environment variable after the dot: \`env.HOME\``,
      `${span(5, text, "steps.")} MF001 ${STEPS}`,
    ]);
  });

  it("a test's `expect output a.` and `fail: a/`, before the next `expect`", () => {
    const text = [
      "workflow w {",
      "  step a {",
      "    output: json",
      '    run: "echo {}"',
      "  }",
      "}",
      'test "t" {',
      "  workflow: w",
      "  fail: a/",
      "  expect output a.",
      "  expect status == failed",
      "}",
      "",
    ].join("\n");
    assert.deepEqual(check(text), [
      `${span(9, text, "a/")} MF001 \`a/\` needs the name of a step of the workflow \`a\` calls after the slash, as in \`release/bump\``,
      `${span(10, text, "a.")} MF001 \`a.\` needs a field of the step's JSON output after the dot: \`expect output a.name\``,
    ]);
  });

  it("`expect step a.`: a step is named by its id, nothing after a dot", () => {
    const text = [
      "workflow w {",
      '  step a { run: "echo" }',
      "}",
      'test "t" {',
      "  workflow: w",
      "  expect step a.",
      "  expect status == success",
      "}",
      "",
    ].join("\n");
    assert.deepEqual(check(text), [
      `${span(6, text, "a.")} MF001 \`a.\` needs nothing after the dot: \`expect step\` names a step by its id, as in \`expect step a\``,
    ]);
  });

  it("`needs: [` says a step's id is missing too, where the list opened", () => {
    const text = [
      "workflow w {",
      '  step a { run: "echo" }',
      "  step b {",
      "    needs: [",
      '    run: "echo"',
      "  }",
      "}",
      "",
    ].join("\n");
    assert.deepEqual(check(text), [
      `${span(4, text, "[")} MF001 expected a step's id and \`]\` to close the list opened at 4:12`,
    ]);
  });

  it("a param whose only read is being typed is read: no MF012 (unused) beside the MF001", () => {
    const places: [string, string, string][] = [
      ["a step's `when`", '    run: "echo"\n    when: only.', "only."],
      ["a call's argument", "    run: log(message: params.only.)", "params.only."],
      ["a string", '    run: "echo ${only.}"', "only."],
      ["a workflow call's argument", "    run: workflow w2(x: only.)", "only."],
    ];
    for (const [where, line, written] of places) {
      const text = [
        "workflow w {",
        "  param only: map = {}",
        "  step a {",
        line,
        "  }",
        "}",
        "workflow w2 {",
        "  param x: any",
        '  step s { run: "echo ${x}" }',
        "}",
        "",
      ].join("\n");
      const diagnostics = check(text);
      assert.equal(diagnostics.length, 1, `${where}: ${diagnostics.join("\n")}`);
      const at = line.includes("\n") ? 5 : 4;
      assert.match(diagnostics[0]!, new RegExp(`^${span(at, text, written)} MF001 `), where);
    }
    // In a var's value, a param's default and the workflow's own properties.
    const text = [
      "workflow w {",
      "  param only: map = {}",
      "  param other: map = {}",
      "  param third: map = {}",
      "  param copy: any = other.",
      "  var v = only.",
      "  env: { A: third. }",
      '  step a { run: "echo ${v}${copy}" }',
      "}",
      "",
    ].join("\n");
    assert.deepEqual(
      check(text).map((d) => d.replace(/ MF001 .*/, " MF001")),
      [
        `${span(5, text, "other.")} MF001`,
        `${span(6, text, "only.")} MF001`,
        `${span(7, text, "third.")} MF001`,
      ],
    );
  });

  it("`params.p.`: a param is written by its name alone", () => {
    const text = file("when: params.target.", 'run: "echo"');
    assert.deepEqual(check(text), [
      `${span(6, text, "params.target.")} MF001 \`params.target.\` needs a field name after the dot, but a param is written by its name alone: \`target\`, not \`params.target\``,
      laterStepReport(10),
    ]);
  });

  it("`needs: [` at the very end of the file is one MF001 saying all that is missing", () => {
    const text = [
      "workflow w {",
      '  step a { run: "echo" }',
      "  step b {",
      '    run: "echo"',
      "    needs: [",
    ].join("\n");
    assert.deepEqual(check(text), [
      `${span(5, text, "[")} MF001 expected a step's id and \`]\` to close the list opened at 5:12, then \`}\` to close step \`b\` opened at 3:3 and \`}\` to close workflow \`w\` opened at 1:1`,
    ]);
  });

  it("a name on the dot's own line is still read, spaces and all", () => {
    const text = file("when: steps.a .status == failed", 'run: "echo"');
    assert.deepEqual(check(text), [laterStepReport(10)]);
  });
});
