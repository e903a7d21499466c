import "./esm-only-dependencies";
import assert from "node:assert/strict";
import { checkedLines as check } from "../support/checked-file";

/*
 * A word of the language half typed where it belongs (`missing` of `expect
 * file`, `contains` of `expect output`, the `in` of `for_each`, a command's
 * name before its `(`) is one error there, saying what to write: it is not
 * read as the next member (an unknown property, a `:` missing after it) or
 * as an undefined name besides.
 */

/** A workflow `w` with steps `a` and `b` (JSON output), then a test of it with `lines`. */
function tested(...lines: string[]): string {
  return [
    "workflow w {",
    '  step a { run: "echo" }',
    "  step b {",
    "    output: json",
    '    run: "echo {}"',
    "  }",
    "}",
    'test "t" {',
    "  workflow: w",
    ...lines.map((line) => `  ${line}`),
    "  expect status == success",
    "}",
    "",
  ].join("\n");
}

/** What the check reports on `word`, the last of `line` (the test's line 10, indented two): MF001 saying `message`. */
function onWord(line: string, word: string, message: string): string {
  const column = line.lastIndexOf(word) + 3;
  return `10:${column}-10:${column + word.length} MF001 ${message}`;
}

const FILE_OPERATORS = "`exists`, `missing`, `==`, `!=`, `contains` or `matches`";
const OUTPUT_OPERATORS = "`==`, `!=`, `contains` or `matches`";

describe("words of the language being typed: one error each, on the word", () => {
  it("`expect file <path>` and a word where its operator goes, the nearest as the fix", () => {
    const cases: [string, string, string][] = [
      ['expect file "VERSION" mis', "mis", "; did you mean `missing`?"],
      ['expect file "VERSION" e', "e", "; did you mean `exists`?"],
      ['expect file "log.txt" contain "done"', "contain", "; did you mean `contains`?"],
      ['expect file "log.txt" zzz', "zzz", ""],
    ];
    for (const [line, word, fix] of cases) {
      const message = `\`expect file\` takes ${FILE_OPERATORS}, not \`${word}\`${fix}`;
      assert.deepEqual(check(tested(line)), [onWord(line, word, message)], line);
    }
  });

  it("`expect status !` or `=`, as `!=` or `==` is typed: that operator, not a condition", () => {
    assert.deepEqual(check(tested("expect step a !")), [
      "10:17-10:18 MF001 `expect step` compares with `==` or `!=`, not `!`; did you mean `!=`?",
    ]);
    assert.deepEqual(check(tested("expect status = success")), [
      "10:17-10:18 MF001 `expect status` compares with `==` or `!=`, not `=`; did you mean `==`?",
    ]);
  });

  it("`expect output <id>` and a word standing for `contains` or `matches`", () => {
    for (const [line, word, nearest] of [
      ["expect output b cont", "cont", "contains"],
      ['expect output b matchs "^v"', "matchs", "matches"],
    ] as const) {
      const message = `\`expect output\` compares with ${OUTPUT_OPERATORS}, not \`${word}\`; did you mean \`${nearest}\`?`;
      assert.deepEqual(check(tested(line)), [onWord(line, word, message)], line);
    }
  });

  /** A workflow whose step `fan` has `for_each: <items>`. */
  const fanOut = (items: string) =>
    [
      "workflow w {",
      '  param regions: list = ["eu"]',
      "  step fan {",
      `    for_each: ${items}`,
      '    run: "echo ${regions}"',
      "  }",
      "}",
      "",
    ].join("\n");

  it("`for_each: site i`: the item and its `in` as it is typed", () => {
    assert.deepEqual(check(fanOut("site i")), [
      '4:20-4:21 MF001 expected `in` and the items after `site`: `for_each: file in glob("data/*.csv")`',
    ]);
    assert.deepEqual(check(fanOut("site i regions")), [
      '4:20-4:21 MF001 expected `in` after `site`: `for_each: file in glob("data/*.csv")`',
    ]);
  });

  it("`for_each: site`: the item being written is not also an undefined name", () => {
    assert.deepEqual(check(fanOut("site")), [
      '4:15-4:19 MF001 expected `<item> in` before the items: `for_each: file in glob("data/*.csv")`',
    ]);
    // A name the workflow has is the items, `<item> in` forgotten.
    assert.deepEqual(check(fanOut("regions")), [
      '4:15-4:22 MF001 expected `<item> in` before the items: `for_each: file in glob("data/*.csv")`',
    ]);
  });

  it("an argument's name being typed (`log(mes`) is one MF006 naming the argument it starts", () => {
    const text = [
      "workflow w {",
      '  param p: string = "x"',
      '  step a { run: create_file(path: "out.txt", con) }',
      '  step b { run: log(message: "${p}") }',
      "  step c {",
      "    run: workflow w2(ver)",
      "  }",
      "}",
      "workflow w2 {",
      "  param version: string",
      '  step s { run: "echo ${version}" }',
      "}",
      "",
    ].join("\n");
    assert.deepEqual(check(text), [
      '3:46-3:49 MF006 arguments of "create_file" are named: write content: value',
      '6:22-6:25 MF006 arguments of "w2" are named: write version: value',
    ]);
  });

  it("`run: workflow w2` before its `(`: one MF001, the name still the called workflow", () => {
    const text = [
      "workflow w {",
      "  step a {",
      "    run: workflow w2",
      "  }",
      "  step b {",
      "    run: workflow w3",
      "  }",
      "}",
      "workflow w2 {",
      "  param version: string",
      '  step s { run: "echo ${version}" }',
      "}",
      "",
    ].join("\n");
    const missing = (name: string) =>
      `MF001 expected \`(\` after \`workflow ${name}\`: a workflow is called with its params in parentheses, \`workflow ${name}()\``;
    assert.deepEqual(check(text), [
      `3:19-3:21 ${missing("w2")}`,
      `6:19-6:21 ${missing("w3")}`,
      '6:19-6:21 MF040 unknown workflow "w3"; did you mean "w2"?',
    ]);
  });

  it("a member being typed above the next one: its error on its own line, the next line read as it is", () => {
    /** A workflow whose line 2 is `typed`, above a param, a step and its properties. */
    const above = (typed: string) =>
      [
        "workflow w {",
        typed,
        '  param part: string = "minor"',
        "  step stats {",
        "    output: json",
        `    run: "echo \${part}"`,
        "    rollback: none",
        "  }",
        "}",
        "",
      ].join("\n");
    const cases: [string, string[]][] = [
      [
        "  p",
        [
          "2:3-2:4 MF001 expected `:` and a value after `p`",
          '2:3-2:4 MF009 unknown property "p" of a workflow; a workflow accepts description, version, author, concurrency, rollback_on_failure, timeout, shell, env',
        ],
      ],
      ["  param", ["2:3-2:8 MF001 expected a parameter name after `param`"]],
      [
        "  param p",
        [
          "2:9-2:10 MF001 expected `:` and a type after `p`",
          '2:9-2:10 MF012 unused param "p": nothing in the workflow refers to it',
        ],
      ],
      ["  var", ["2:3-2:6 MF001 expected a variable name after `var`"]],
      ["  step", ["2:3-2:7 MF001 expected a step id after `step`"]],
      [
        "  step s",
        [
          "2:8-2:9 MF001 expected `{` after step `s`",
          '2:8-2:9 MF014 step "s" has no "run" property (the action to perform)',
        ],
      ],
    ];
    for (const [typed, said] of cases) assert.deepEqual(check(above(typed)), said, typed);
  });

  it("in a test, what is typed above the next member is missing there, the next line its own", () => {
    const cases: [string, string][] = [
      ["expect status ==", "10:17-10:19 MF001 expected a value after `==`"],
      ["expect step", "10:10-10:14 MF001 expected a step id after `step`"],
      ["expect output b.x[", "10:20-10:21 MF001 expected an index, a whole number from 0: `[0]`"],
      ["expect output b.x[0", "10:21-10:22 MF001 expected `]` after `[0`"],
      ["expect file", "10:10-10:14 MF001 expected the file's path after `file`"],
    ];
    for (const [line, said] of cases) assert.deepEqual(check(tested(line)), [said], line);
    // A map's key without its `:`: the next line is not its value.
    assert.deepEqual(check(tested("params: { t")), [
      "10:13-10:14 MF001 expected `:` and a value after `t`",
      '10:13-10:14 MF006 workflow "w" has no param "t"; it has no params',
    ]);
    // The test's name on its keyword's line: `workflow: w` below `test` is its first member.
    const unnamed = [
      "workflow w {",
      '  step a { run: "echo" }',
      "}",
      "test",
      "  workflow: w",
      "}",
      "",
    ].join("\n");
    assert.deepEqual(check(unnamed), [
      '4:1-4:5 MF001 expected the test\'s name, as a string: `test "publish rolls back" {`',
    ]);
    // A param's type on the line of its `:`.
    const typeless = [
      "workflow w {",
      "  param p:",
      '  param q: string = "x"',
      '  step a { run: "echo ${q}${p}" }',
      "}",
      "",
    ].join("\n");
    assert.deepEqual(check(typeless), [
      "2:10-2:11 MF001 expected a type after `p:`: string, int, number, bool, duration, size, path, list, map or any",
    ]);
  });
});
