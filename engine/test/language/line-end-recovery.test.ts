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
  it("`command c(` and its body below: the `)` missing on its line, the body the command's", () => {
    const body = ['  run: "echo ${name}"', "}", ""];
    const open = ["command c(name: string", ...body].join("\n");
    const file = `${open}${workflow('run: c(name: "x")')}`;
    assert.deepEqual(check(file), [
      "1:17-1:23 MF001 expected `)` to close the parameters of command `c` opened at 1:10",
      retires(11),
    ]);
    const bare = ["command c(", '  description: "says hi"', '  run: "echo hi"', "}", ""].join("\n");
    assert.deepEqual(check(`${bare}${workflow("run: c()")}`), [
      "1:10-1:11 MF001 expected `)` to close the parameters of command `c` opened at 1:10",
      retires(12),
    ]);
    // Parameters on lines of their own, closed later, are read as before.
    const multiLine = [
      "command c(",
      "  name: string,",
      '  greeting: string = "hi"',
      ") {",
      ...body,
    ].join("\n");
    assert.deepEqual(check(`${multiLine}${workflow('run: c(name: "x")')}`), [retires(14)]);
  });

  it("`env: { CI: 1,` at a line's end: the `}` missing there, `run` below the step's", () => {
    const file = workflow("env: { CI: 1,", 'run: "echo hi"');
    assert.deepEqual(check(file), [
      "3:17-3:18 MF001 expected `}` to close the map opened at 3:10",
      retires(9),
    ]);
    assert.deepEqual(steps(file), ["w/build[env,run]", "w/ship[needs,run,retires]"]);
    // As the step's last line too: the step's `}` is not the map's.
    const last = workflow('run: "echo hi"', "env: { CI: 1,");
    assert.deepEqual(check(last), [
      "4:17-4:18 MF001 expected `}` to close the map opened at 4:10",
      retires(9),
    ]);
    assert.deepEqual(steps(last), ["w/build[run,env]", "w/ship[needs,run,retires]"]);
  });

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

  it('a `"""` typed above another `"""` string: unterminated where it is typed, the string below read as written', () => {
    // In the step above the one holding a script: the new `"""` would pair with the script's opener.
    const above = [
      "workflow w {",
      "  step build {",
      '    run: """',
      "  }",
      "  step test {",
      "    needs: [build]",
      '    run: """',
      "      echo testing",
      '    """',
      "    rollback: none",
      "  }",
      "  step ship {",
      "    needs: test",
      '    run: "echo ship"',
      "    retires: 3",
      "  }",
      "}",
      "",
    ].join("\n");
    assert.deepEqual(check(above), [
      '3:10-3:13 MF001 unterminated multi-line string: add a closing `"""`',
      retires(15),
    ]);
    assert.deepEqual(steps(above), [
      "w/build[run]",
      "w/test[needs,run,rollback]",
      "w/ship[needs,run,retires]",
    ]);
    // In the same step, above its `rollback` script.
    const sameStep = workflow('run: """', 'rollback: """', "  echo undo", '"""');
    assert.deepEqual(check(sameStep), [
      '3:10-3:13 MF001 unterminated multi-line string: add a closing `"""`',
      retires(11),
    ]);
    assert.deepEqual(steps(sameStep), ["w/build[run,rollback]", "w/ship[needs,run,retires]"]);
  });

  it('`run: """` typed again above a script whose closer is still there: at each quote one error on that line, the script not read as code', () => {
    /** The step `build`'s `run:` line as typed so far, above its script and closer; `ship` below has its own script. */
    const typing = (opener: string): string =>
      [
        "workflow w {",
        "  step build {",
        `    run: ${opener}`,
        "      echo building",
        "      make -j4 all",
        '    """',
        "    rollback: none",
        "  }",
        "  step ship {",
        "    needs: build",
        '    run: """',
        "      echo ship",
        '    """',
        "    retires: 3",
        "  }",
        "}",
        "",
      ].join("\n");
    const opens = (range: string): string =>
      `${range} MF001 expected \`"""\` to open the multi-line string closed at 6:5`;
    for (const [opener, range] of [
      ["", "3:9-3:9"],
      ['"', "3:10-3:11"],
      ['""', "3:10-3:12"],
    ] as const) {
      assert.deepEqual(check(typing(opener)), [opens(range), retires(14)], `run: ${opener}`);
      assert.deepEqual(
        steps(typing(opener)),
        ["w/build[run,rollback]", "w/ship[needs,run,retires]"],
        `run: ${opener}`,
      );
    }
    assert.deepEqual(check(typing('"""')), [retires(14)]);
    // The script the last of the file's: its closer never pairs, the same.
    const last = typing("").split("\n").slice(0, 8).concat("}", "").join("\n");
    assert.deepEqual(check(last), [opens("3:9-3:9")]);
  });

  it('a closed `"""` script whose lines stand less indented than its property (a heredoc) is one string, as ever', () => {
    const heredoc = [
      "workflow w {",
      "  step build {",
      '    run: """',
      "cat > out.json <<EOF",
      "{",
      '  "name": "x"',
      "}",
      "EOF",
      "cat > ci.yml <<EOF",
      "step: build",
      "test: yes",
      "EOF",
      '    """',
      "    rollback: none",
      "  }",
      "}",
      "",
    ].join("\n");
    assert.deepEqual(check(heredoc), []);
    assert.deepEqual(steps(heredoc), ["w/build[run,rollback]"]);
  });
});

describe("a step's header typed again above its body: the errors on the line being typed", () => {
  /** A workflow whose line 3 is `typed`, above the body of a step that `ship` needs. */
  const above = (typed: string): string =>
    [
      "workflow w {",
      '  param p: string = "x"',
      typed,
      '    run: "echo ${p}"',
      "    timeout: 5m",
      "  }",
      "  step ship {",
      "    needs: build",
      '    run: "echo ship"',
      "  }",
      "}",
      "",
    ].join("\n");

  it("`s`, `st`, `ste`: the keyword being typed, one error with `step` as the fix, the body a step's", () => {
    for (const word of ["s", "st", "ste"]) {
      const text = above(`  ${word}`);
      assert.deepEqual(
        check(text),
        [
          `3:3-3:${3 + word.length} MF001 expected a property name, \`param\`, \`var\` or \`step\`, not \`${word}\`; did you mean \`step\`?`,
          '8:12-8:17 MF002 unknown step "build" in workflow "w"',
        ],
        word,
      );
      assert.deepEqual(steps(text), ["w/[run,timeout]", "w/ship[needs,run]"], word);
    }
    const diagnostics = parseDocument(above("  ste"), "/ws/main.momoflow").diagnostics;
    assert.deepEqual(diagnostics[0]?.data, {
      suggestions: ["step"],
      replaceRange: { start: { line: 2, character: 2 }, end: { line: 2, character: 5 } },
    });
  });

  it("every state from `s` to `step build {`: no error below line 3 but the unknown `build`", () => {
    const header = "step build {";
    for (let length = 1; length <= header.length; length++) {
      const typed = header.slice(0, length);
      const below = check(above(`  ${typed}`)).filter((d) => !d.startsWith("3:"));
      const expected = typed.startsWith("step build")
        ? []
        : [
            `8:12-8:17 MF002 unknown step "build" in workflow "w"${/^step bui/.test(typed) ? `; did you mean "${typed.slice(5).trim()}"?` : ""}`,
          ];
      assert.deepEqual(below, expected, typed);
    }
  });
});

describe("a workflow's header typed again above its body: the errors on the line being typed", () => {
  /** A workflow `release` whose line 1 is `typed`, above its body; a step misspells `retries`. */
  const above = (typed: string): string =>
    [
      typed,
      '  param tag: string = "v1"',
      "  step notes {",
      '    run: "echo ${tag}"',
      "    retires: 3",
      "  }",
      "}",
      "",
    ].join("\n");
  const RETIRES = '5:5-5:12 MF009 unknown property "retires" of a step; did you mean "retries"?';

  it("`w` to `workflo`: the keyword being typed, one error with `workflow` as the fix, the body the workflow's", () => {
    for (const word of ["w", "wor", "workflo"]) {
      const text = above(word);
      assert.deepEqual(
        check(text),
        [
          `1:1-1:${1 + word.length} MF001 expected \`import\`, \`command\`, \`workflow\` or \`test\`, not \`${word}\`; did you mean \`workflow\`?`,
          RETIRES,
        ],
        word,
      );
      assert.deepEqual(steps(text), ["/notes[run,retires]"], word);
    }
    const [diagnostic] = parseDocument(above("wor"), "/ws/main.momoflow").diagnostics;
    assert.deepEqual(diagnostic?.data, {
      suggestions: ["workflow"],
      replaceRange: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } },
    });
  });

  it("every state from `w` to `workflow release {`: no error below line 1 but the step's own", () => {
    const header = "workflow release {";
    for (let length = 1; length <= header.length; length++) {
      const typed = header.slice(0, length);
      const below = check(above(typed)).filter((d) => !d.startsWith("1:"));
      assert.deepEqual(below, [RETIRES], typed);
      assert.equal(steps(above(typed)).length, 1, typed);
    }
  });
});

describe("a command's header typed again above its body: the errors on the line being typed", () => {
  const body = [
    '  run: "echo ${target}"',
    "  retires: 3",
    "}",
    "workflow w {",
    '  step ship { run: upload(target: "host") }',
    "}",
    "",
  ];
  const RETIRES =
    '3:3-3:10 MF009 unknown property "retires" of a command; a command accepts description, run, rollback, timeout, rollback_timeout';

  it("`c` to `comman`: the keyword being typed, one error with `command` as the fix, the body the command's", () => {
    for (const word of ["c", "comm", "comman"]) {
      const text = [`${word} upload(target: string) {`, ...body].join("\n");
      assert.deepEqual(
        check(text),
        [
          `1:1-1:${1 + word.length} MF001 expected \`import\`, \`command\`, \`workflow\` or \`test\`, not \`${word}\`; did you mean \`command\`?`,
          RETIRES,
        ],
        word,
      );
    }
  });

  it("`comand upload(…) {`, `ommand`, `cmd`: a mistyped keyword before a name and `(`, read as `command`: its params known, its callers checked", () => {
    for (const word of ["comand", "ommand", "cmd"]) {
      const text = [`${word} upload(target: string) {`, ...body].join("\n");
      assert.deepEqual(
        check(text),
        [
          `1:1-1:${1 + word.length} MF001 expected \`import\`, \`command\`, \`workflow\` or \`test\`, not \`${word}\`; did you mean \`command\`?`,
          RETIRES,
        ],
        word,
      );
      const caller = text.replace('upload(target: "host")', 'upload(taget: "host")');
      assert.deepEqual(
        check(caller).slice(2),
        [
          '6:20-6:26 MF006 "upload" is missing required argument "target" (string)',
          '6:27-6:32 MF006 unknown argument "taget" of "upload"; did you mean "target"?',
        ],
        word,
      );
    }
  });

  it("`upload(target: string) {`: `command` deleted, one error on the name with `command upload` as the fix; its params known", () => {
    const text = ["upload(target: string) {", ...body].join("\n");
    assert.deepEqual(check(text), [
      "1:1-1:7 MF001 expected `command` before `upload`: a command's header is `command upload(...) {`",
      RETIRES,
    ]);
    const [diagnostic] = parseDocument(text, "/ws/main.momoflow").diagnostics;
    assert.deepEqual(diagnostic?.data, {
      suggestions: ["command upload"],
      replaceRange: { start: { line: 0, character: 0 }, end: { line: 0, character: 6 } },
    });
    const commands = parseDocument(text, "/ws/main.momoflow").file.commands;
    assert.deepEqual(
      commands.map((c) => [c.name.text, c.params.map((p) => p.name.text)]),
      [["upload", ["target"]]],
    );
    // Its parameter list still being typed: what is typed so far is known.
    assert.deepEqual(check(["upload(target: string, mode) {", ...body].join("\n")), [
      "1:1-1:7 MF001 expected `command` before `upload`: a command's header is `command upload(...) {`",
      "1:28-1:29 MF001 expected `:` and a type after `mode`",
      RETIRES,
      '6:20-6:26 MF006 "upload" is missing required argument "mode" (any)',
    ]);
  });

  it("the header deleted whole: the params are in no text, so their uses are unknown (MF008) until typed again", () => {
    assert.deepEqual(check(body.join("\n")), [
      "1:3-1:6 MF001 `run` is a command's property: expected `command <name> {` above it",
      '1:16-1:22 MF008 "target" is not defined here',
      RETIRES.replace("3:", "2:").replace("3:10", "2:10"),
      '5:20-5:26 MF005 unknown command "upload"',
    ]);
  });
});

describe("a step's keyword deleted or mistyped, its id, `{` and body left: one error on that word", () => {
  /** A workflow whose line 4 is `header`, above a step's body that reads `items`; `ship` needs `build`. */
  const around = (header: string): string =>
    [
      "workflow w {",
      '  param items: list = ["a"]',
      '  var stamp = "s"',
      header,
      "    for_each: item in items",
      '    run: "echo ${stamp} ${item}"',
      "    rollback: none",
      "  }",
      "  step ship {",
      "    needs: [build]",
      '    run: "echo ship"',
      "  }",
      "}",
      "",
    ].join("\n");

  it("`build {`: `step` missing before the id, with `step build` as the fix; the step kept, nothing else said", () => {
    const text = around("  build {");
    assert.deepEqual(check(text), [
      "4:3-4:8 MF001 expected `step` before `build`: a step's header is `step build {`",
    ]);
    assert.deepEqual(steps(text), ["w/build[for_each,run,rollback]", "w/ship[needs,run]"]);
    // An id that is a word of the language elsewhere, as `test`, is a step's id too.
    const test = around("  test {").replace("needs: [build]", "needs: [test]");
    assert.deepEqual(check(test), [
      "4:3-4:7 MF001 expected `step` before `test`: a step's header is `step test {`",
    ]);
    const [diagnostic] = parseDocument(text, "/ws/main.momoflow").diagnostics;
    assert.deepEqual(diagnostic?.data, {
      suggestions: ["step build"],
      replaceRange: { start: { line: 3, character: 2 }, end: { line: 3, character: 7 } },
    });
  });

  it("`tep build {`, `p build {`, `stpe build {`: the keyword mistyped, read as `step`: the body's names count as used", () => {
    for (const word of ["tep", "p", "stpe"]) {
      const text = around(`  ${word} build {`);
      assert.deepEqual(
        check(text),
        [
          `4:3-4:${3 + word.length} MF001 expected a property name, \`param\`, \`var\` or \`step\`, not \`${word}\`; did you mean \`step\`?`,
        ],
        word,
      );
      assert.deepEqual(steps(text), ["w/build[for_each,run,rollback]", "w/ship[needs,run]"], word);
    }
  });
});

describe("a step's header deleted whole, its body and `}` left: one error where the header was", () => {
  /** A workflow whose step `build` has lost its header line (line 5 is its first property). */
  const headless = (...body: string[]): string =>
    [
      "workflow w {",
      "  step lint {",
      '    run: "echo lint"',
      "  }",
      ...body.map((line) => `    ${line}`),
      "  }",
      "  step ship {",
      "    needs: [lint]",
      '    run: "echo ship"',
      "    retires: 3",
      "  }",
      "}",
      "",
    ].join("\n");

  it("`needs` first: said once on it; the body read as a step's, `ship` keeps its error and its place", () => {
    const text = headless("needs: [lint]", 'run: "echo build"', "timeout: 5m");
    assert.deepEqual(check(text), [
      "5:5-5:10 MF001 `needs` is a step's property: expected `step <name> {` above it",
      retires(12),
    ]);
    assert.deepEqual(steps(text), [
      "w/lint[run]",
      "w/[needs,run,timeout]",
      "w/ship[needs,run,retires]",
    ]);
  });

  it("a property both blocks take first (`timeout`), and the step as the workflow's last: the same", () => {
    const first = headless("timeout: 5m", 'run: "echo build"');
    assert.deepEqual(check(first), [
      "5:5-5:12 MF001 `timeout` is a step's property: expected `step <name> {` above it",
      retires(11),
    ]);
    const last = [
      "workflow w {",
      "  step lint {",
      '    run: "echo lint"',
      "  }",
      '    run: "echo build"',
      '    env: { CI: "1" }',
      "  }",
      "}",
      "",
    ].join("\n");
    assert.deepEqual(check(last), [
      "5:5-5:8 MF001 `run` is a step's property: expected `step <name> {` above it",
    ]);
    assert.deepEqual(steps(last), ["w/lint[run]", "w/[run,env]"]);
  });

  it("the step's `}` at the end of its last line (`timeout: 5m }`): the same", () => {
    const text = [
      "workflow w {",
      "  step lint {",
      '    run: "echo lint"',
      "  }",
      "    needs: [lint]",
      '    run: "echo build" }',
      "  step ship {",
      "    needs: [lint]",
      '    run: "echo ship"',
      "    retires: 3",
      "  }",
      "}",
      "",
    ].join("\n");
    assert.deepEqual(check(text), [
      "5:5-5:10 MF001 `needs` is a step's property: expected `step <name> {` above it",
      retires(10),
    ]);
    assert.deepEqual(steps(text), ["w/lint[run]", "w/[needs,run]", "w/ship[needs,run,retires]"]);
  });

  it("a step's property written in the workflow itself is still the workflow's unknown property", () => {
    const text = [
      "workflow w {",
      '  run: "echo hi"',
      "  step a {",
      '    run: "echo a"',
      "  }",
      "}",
      "",
    ].join("\n");
    assert.deepEqual(check(text), [
      '2:3-2:6 MF009 unknown property "run" of a workflow; a workflow accepts description, version, author, concurrency, rollback_on_failure, timeout, shell, env',
    ]);
  });
});

describe("a workflow's or test's header deleted whole, or a test's typed again: one error where it was, the body kept", () => {
  /** A workflow `v` above; a test of `w` below. */
  const around = (...lines: string[]): string =>
    ["workflow v {", "  step a {", '    run: "echo a"', "  }", "}", ...lines, ""].join("\n");
  /** `w`'s body and `}`, its header gone: a step misspells `retries`. */
  const workflowBody = [
    '  param who: string = "Ann"',
    "  step build {",
    '    run: "echo ${who}"',
    "  }",
    "  step ship {",
    "    needs: build",
    '    run: "echo ship"',
    "    retires: 3",
    "  }",
    "}",
  ];

  it("`workflow w {` deleted: one error on the body's first member, its steps kept with their problems", () => {
    const text = around(...workflowBody);
    assert.deepEqual(check(text), [
      "6:3-6:8 MF001 `param` is a workflow's member: expected `workflow <name> {` above it",
      retires(13),
    ]);
    assert.deepEqual(steps(text), ["v/a[run]", "/build[run]", "/ship[needs,run,retires]"]);
    // A workflow's property first, and the file's first lines: the same.
    const described = ['  description: "ships"', ...workflowBody, ""].join("\n");
    assert.deepEqual(check(described), [
      "1:3-1:14 MF001 `description` is a workflow's property: expected `workflow <name> {` above it",
      retires(9),
    ]);
    assert.deepEqual(steps(described), ["/build[run]", "/ship[needs,run,retires]"]);
  });

  it('`test "…" {` deleted: one error on its first line, its expectations still checked', () => {
    const text = around(
      "  workflow: v",
      "  expect status == success",
      "  expect step b == success",
      "}",
    );
    assert.deepEqual(check(text), [
      '6:3-6:11 MF001 `workflow` is a test\'s property: expected `test "<name>" {` above it',
      '8:15-8:16 MF002 unknown step "b" in workflow "v"',
    ]);
    const tests = parseDocument(text, "/ws/main.momoflow").file.tests;
    assert.deepEqual(
      tests.map((t) => [t.name.text, t.properties.length, t.expects.length]),
      [["", 1, 2]],
    );
  });

  it("`t` to `tes` typed again above a test's body: one error with `test` as the fix, the body the test's", () => {
    for (const word of ["t", "te", "tes"]) {
      const text = around(
        word,
        "  workflow: v",
        "  expect status == success",
        "  expect step b == success",
        "}",
      );
      assert.deepEqual(
        check(text),
        [
          `6:1-6:${1 + word.length} MF001 expected \`import\`, \`command\`, \`workflow\` or \`test\`, not \`${word}\`; did you mean \`test\`?`,
          '9:15-9:16 MF002 unknown step "b" in workflow "v"',
        ],
        word,
      );
    }
  });
});

describe("a command's header deleted whole, and a body whose `}` ends its last line: one error where the header was, the body kept", () => {
  /** A workflow `v` above, `lines` below it. */
  const around = (...lines: string[]): string =>
    ["workflow v {", "  step a {", '    run: "echo a"', "  }", "}", ...lines, ""].join("\n");
  const TIMOUT = '8:3-8:9 MF009 unknown property "timout" of a command; did you mean "timeout"?';

  it("`command upload {` deleted: one error on its first property, the body a command's with its problems", () => {
    const text = around('  description: "Uploads"', '  run: "echo up"', "  timout: 10s", "}");
    assert.deepEqual(check(text), [
      "6:3-6:14 MF001 `description` is a command's property: expected `command <name> {` above it",
      TIMOUT,
    ]);
    const commands = parseDocument(text, "/ws/main.momoflow").file.commands;
    assert.deepEqual(
      commands.map((c) => [c.name.text, c.properties.map((p) => p.name.text)]),
      [["", ["description", "run", "timout"]]],
    );
  });

  it("the body's `}` at the end of its last line (`  timout: 10s }`): the same for a command, a workflow and a test", () => {
    const command = around('  description: "Uploads"', '  run: "echo up"', "  timout: 10s }");
    assert.deepEqual(check(command), [
      "6:3-6:14 MF001 `description` is a command's property: expected `command <name> {` above it",
      TIMOUT,
    ]);
    const workflow = around(
      '  param who: string = "Ann"',
      "  step build {",
      '    run: "echo ${who}"',
      "    retires: 3 } }",
    );
    assert.deepEqual(check(workflow), [
      "6:3-6:8 MF001 `param` is a workflow's member: expected `workflow <name> {` above it",
      retires(9),
    ]);
    assert.deepEqual(steps(workflow), ["v/a[run]", "/build[run,retires]"]);
    const test = around("  workflow: v", "  expect step b == success }");
    assert.deepEqual(check(test), [
      '6:3-6:11 MF001 `workflow` is a test\'s property: expected `test "<name>" {` above it',
      '7:15-7:16 MF002 unknown step "b" in workflow "v"',
    ]);
  });

  it("an indented line above a declaration, closed by no `}` of its own, stays stray text", () => {
    const text = [
      '  run: "echo up"',
      "workflow v {",
      "  step a {",
      '    run: "echo a" } }',
      "",
    ].join("\n");
    assert.deepEqual(
      check(text).filter((line) => line.includes("MF001")).length,
      1,
      check(text).join("\n"),
    );
    assert.deepEqual(steps(text), ["v/a[run]"]);
  });
});

describe("a property's name half typed: one error, the nearest name as the fix", () => {
  it("`ru` in a step: `:` and a value missing, did you mean `run`, not also an unknown property", () => {
    const text = ["workflow w {", "  step build {", "    ru", "  }", "}", ""].join("\n");
    assert.deepEqual(check(text), [
      '2:8-2:13 MF014 step "build" has no "run" property (the action to perform)',
      "3:5-3:7 MF001 expected `:` and a value after `ru`; did you mean `run`?",
    ]);
    const [diagnostic] = parseDocument(text, "/ws/main.momoflow").diagnostics;
    assert.deepEqual(diagnostic?.data, {
      suggestions: ["run"],
      replaceRange: { start: { line: 2, character: 4 }, end: { line: 2, character: 6 } },
    });
  });
});
