import "./esm-only-dependencies";
import assert from "node:assert/strict";
import {
  deletingLine,
  replacing,
  typedScenario,
  typing,
  type CheckedState,
} from "../support/typed-scenario";

/*
 * What is left open at the end of a line while it is typed (`command c(`,
 * `env: { CI: 1,`, a `"""` never closed) is one MF001 on that line, and the
 * lines after it are read as they are: their own problems are reported, the
 * steps below keep their properties (and the editor its outline of them).
 * A step's header typed again above its body keeps its errors on that line.
 */

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

/** `text` read as it is opened: `check` of what the checker reads of it. */
function opened(text: string, check: (state: CheckedState) => void): void {
  typedScenario(text, [], { opened: check });
}

describe("what is left open at a line's end: one error on that line, the lines after it read as they are", () => {
  it("`command c(` and its body below: the `)` missing on its line, the body the command's", () => {
    const body = ['  run: "echo ${name}"', "}", ""];
    const open = ["command c(name: string", ...body].join("\n");
    opened(`${open}${workflow('run: c(name: "x")')}`, (state) =>
      assert.deepEqual(state.said, [
        "1:17-1:23 MF001 expected `)` to close the parameters of command `c` opened at 1:10",
        retires(11),
      ]),
    );
    const bare = ["command c(", '  description: "says hi"', '  run: "echo hi"', "}", ""].join("\n");
    opened(`${bare}${workflow("run: c()")}`, (state) =>
      assert.deepEqual(state.said, [
        "1:10-1:11 MF001 expected `)` to close the parameters of command `c` opened at 1:10",
        retires(12),
      ]),
    );
    // Parameters on lines of their own, closed later, are read as before.
    const multiLine = [
      "command c(",
      "  name: string,",
      '  greeting: string = "hi"',
      ") {",
      ...body,
    ].join("\n");
    opened(`${multiLine}${workflow('run: c(name: "x")')}`, (state) =>
      assert.deepEqual(state.said, [retires(14)]),
    );
  });

  it("`env: { CI: 1,` at a line's end: the `}` missing there, `run` below the step's", () => {
    opened(workflow("env: { CI: 1,", 'run: "echo hi"'), (state) => {
      assert.deepEqual(state.said, [
        "3:17-3:18 MF001 expected `}` to close the map opened at 3:10",
        retires(9),
      ]);
      assert.deepEqual(state.steps, ["w/build[env,run]", "w/ship[needs,run,retires]"]);
    });
    // As the step's last line too: the step's `}` is not the map's.
    opened(workflow('run: "echo hi"', "env: { CI: 1,"), (state) => {
      assert.deepEqual(state.said, [
        "4:17-4:18 MF001 expected `}` to close the map opened at 4:10",
        retires(9),
      ]);
      assert.deepEqual(state.steps, ["w/build[run,env]", "w/ship[needs,run,retires]"]);
    });
  });

  it('a `"""` never closed: said once where it starts, the lines below it read from the next block line', () => {
    const unterminated = [
      '3:10-3:13 MF001 unterminated multi-line string: add a closing `"""`',
      retires(9),
    ];
    opened(workflow('run: """', "  echo hi"), (state) => {
      assert.deepEqual(state.said, unterminated);
      assert.deepEqual(state.steps, ["w/build[run]", "w/ship[needs,run,retires]"]);
    });
    // Script lines less indented than the property stay in the string: only a line of the block ends it.
    const flush = workflow('run: """', "echo hi").replace("    echo hi", "echo hi");
    opened(flush, (state) => assert.deepEqual(state.said, unterminated));
  });

  it('a `"""` typed above another `"""` string: unterminated where it is typed, the string below read as written', () => {
    const unterminated = '3:10-3:13 MF001 unterminated multi-line string: add a closing `"""`';
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
    opened(above, (state) => {
      assert.deepEqual(state.said, [unterminated, retires(15)]);
      assert.deepEqual(state.steps, [
        "w/build[run]",
        "w/test[needs,run,rollback]",
        "w/ship[needs,run,retires]",
      ]);
    });
    // In the same step, above its `rollback` script.
    opened(workflow('run: """', 'rollback: """', "  echo undo", '"""'), (state) => {
      assert.deepEqual(state.said, [unterminated, retires(11)]);
      assert.deepEqual(state.steps, ["w/build[run,rollback]", "w/ship[needs,run,retires]"]);
    });
  });

  it('`run: """` typed again above a script whose closer is still there: at each quote one error on that line, the script not read as code', () => {
    /** The step `build`'s `run:` line with nothing after it, above its script and closer; `ship` below has its own script. */
    const lines = [
      "workflow w {",
      "  step build {",
      "    run: ",
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
    ];
    const opens = (range: string): string =>
      `${range} MF001 expected \`"""\` to open the multi-line string closed at 6:5`;
    /** Before the third quote: one error on the opener as typed so far, the steps as written. */
    const opensAt = (range: string) => (state: CheckedState) => {
      assert.deepEqual(state.said, [opens(range), retires(14)], `run: ${state.label}`);
      assert.deepEqual(
        state.steps,
        ["w/build[run,rollback]", "w/ship[needs,run,retires]"],
        `run: ${state.label}`,
      );
    };
    typedScenario(lines.join("\n"), typing({ line: 2, character: 9 }, '"""'), {
      opened: opensAt("3:9-3:9"),
      edited: (state) => {
        if (state.label === '"""') assert.deepEqual(state.said, [retires(14)]);
        else opensAt(`3:10-3:${10 + state.label.length}`)(state);
      },
    });
    // The script the last of the file's: its closer never pairs, the same.
    opened(lines.slice(0, 8).concat("}", "").join("\n"), (state) =>
      assert.deepEqual(state.said, [opens("3:9-3:9")]),
    );
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
    opened(heredoc, (state) => {
      assert.deepEqual(state.said, []);
      assert.deepEqual(state.steps, ["w/build[run,rollback]"]);
    });
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
    typedScenario(above("  "), typing({ line: 2, character: 2 }, "ste"), {
      edited: (state) => {
        const word = state.label;
        assert.deepEqual(
          state.said,
          [
            `3:3-3:${3 + word.length} MF001 expected a property name, \`param\`, \`var\` or \`step\`, not \`${word}\`; did you mean \`step\`?`,
            '8:12-8:17 MF002 unknown step "build" in workflow "w"',
          ],
          word,
        );
        assert.deepEqual(state.steps, ["w/[run,timeout]", "w/ship[needs,run]"], word);
        if (word !== "ste") return;
        assert.deepEqual(state.parsed.diagnostics[0]?.data, {
          suggestions: ["step"],
          replaceRange: { start: { line: 2, character: 2 }, end: { line: 2, character: 5 } },
        });
      },
    });
  });

  it("every state from `s` to `step build {`: no error below line 3 but the unknown `build`", () => {
    typedScenario(above("  "), typing({ line: 2, character: 2 }, "step build {"), {
      edited: (state) => {
        const typed = state.label;
        const below = state.said.filter((d) => !d.startsWith("3:"));
        const expected = typed.startsWith("step build")
          ? []
          : [
              `8:12-8:17 MF002 unknown step "build" in workflow "w"${/^step bui/.test(typed) ? `; did you mean "${typed.slice(5).trim()}"?` : ""}`,
            ];
        assert.deepEqual(below, expected, typed);
      },
    });
  });
});

describe("a workflow's header typed again above its body: the errors on the line being typed", () => {
  /** A workflow `release`, its line 1 empty, above its body; a step misspells `retries`. */
  const headless = [
    "",
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
    typedScenario(headless, typing({ line: 0, character: 0 }, "workflo"), {
      edited: (state) => {
        const word = state.label;
        assert.deepEqual(
          state.said,
          [
            `1:1-1:${1 + word.length} MF001 expected \`import\`, \`command\`, \`workflow\` or \`test\`, not \`${word}\`; did you mean \`workflow\`?`,
            RETIRES,
          ],
          word,
        );
        assert.deepEqual(state.steps, ["/notes[run,retires]"], word);
        if (word !== "wor") return;
        assert.deepEqual(state.parsed.diagnostics[0]?.data, {
          suggestions: ["workflow"],
          replaceRange: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } },
        });
      },
    });
  });

  it("every state from `w` to `workflow release {`: no error below line 1 but the step's own", () => {
    typedScenario(headless, typing({ line: 0, character: 0 }, "workflow release {"), {
      edited: (state) => {
        const below = state.said.filter((d) => !d.startsWith("1:"));
        assert.deepEqual(below, [RETIRES], state.label);
        assert.equal(state.steps.length, 1, state.label);
      },
    });
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
  /** The command `upload` whole, above its body and a workflow calling it. */
  const whole = ["command upload(target: string) {", ...body].join("\n");
  /** Its keyword `command` (line 1). */
  const keyword = { start: { line: 0, character: 0 }, end: { line: 0, character: 7 } };
  const RETIRES =
    '3:3-3:10 MF009 unknown property "retires" of a command; a command accepts description, run, rollback, timeout, rollback_timeout';

  it("`c` to `comman`: the keyword being typed, one error with `command` as the fix, the body the command's", () => {
    const bare = [" upload(target: string) {", ...body].join("\n");
    typedScenario(bare, typing({ line: 0, character: 0 }, "comman"), {
      edited: (state) => {
        const word = state.label;
        assert.deepEqual(
          state.said,
          [
            `1:1-1:${1 + word.length} MF001 expected \`import\`, \`command\`, \`workflow\` or \`test\`, not \`${word}\`; did you mean \`command\`?`,
            RETIRES,
          ],
          word,
        );
      },
    });
  });

  it("`comand upload(…) {`, `ommand`, `cmd`: a mistyped keyword before a name and `(`, read as `command`: its params known, its callers checked", () => {
    for (const word of ["comand", "ommand", "cmd"]) {
      const mistyped = replacing(word, keyword, word);
      const caller = replacing(
        `${word}, its caller's \`taget\``,
        { start: { line: 5, character: 26 }, end: { line: 5, character: 32 } },
        "taget",
      );
      typedScenario(whole, [mistyped, caller], {
        edited: (state) => {
          if (state.label === word) {
            assert.deepEqual(
              state.said,
              [
                `1:1-1:${1 + word.length} MF001 expected \`import\`, \`command\`, \`workflow\` or \`test\`, not \`${word}\`; did you mean \`command\`?`,
                RETIRES,
              ],
              word,
            );
            return;
          }
          assert.deepEqual(
            state.said.slice(2),
            [
              '6:20-6:26 MF006 "upload" is missing required argument "target" (string)',
              '6:27-6:32 MF006 unknown argument "taget" of "upload"; did you mean "target"?',
            ],
            word,
          );
        },
      });
    }
  });

  it("`upload(target: string) {`: `command` deleted, one error on the name with `command upload` as the fix; its params known", () => {
    const deleted = "`command ` deleted";
    typedScenario(
      whole,
      [
        replacing(deleted, { start: keyword.start, end: { line: 0, character: 8 } }),
        // Its parameter list still being typed: what is typed so far is known.
        replacing(
          "`, mode` typed",
          { start: { line: 0, character: 21 }, end: { line: 0, character: 21 } },
          ", mode",
        ),
      ],
      {
        edited: (state) => {
          if (state.label !== deleted) {
            assert.deepEqual(state.said, [
              "1:1-1:7 MF001 expected `command` before `upload`: a command's header is `command upload(...) {`",
              "1:28-1:29 MF001 expected `:` and a type after `mode`",
              RETIRES,
              '6:20-6:26 MF006 "upload" is missing required argument "mode" (any)',
            ]);
            return;
          }
          assert.deepEqual(state.said, [
            "1:1-1:7 MF001 expected `command` before `upload`: a command's header is `command upload(...) {`",
            RETIRES,
          ]);
          assert.deepEqual(state.parsed.diagnostics[0]?.data, {
            suggestions: ["command upload"],
            replaceRange: { start: { line: 0, character: 0 }, end: { line: 0, character: 6 } },
          });
          assert.deepEqual(
            state.parsed.file.commands.map((c) => [c.name.text, c.params.map((p) => p.name.text)]),
            [["upload", ["target"]]],
          );
        },
      },
    );
  });

  it("the header deleted whole: one error there; its params went with it, so neither their uses (MF008) nor its calls (MF005) are said until it is typed again", () => {
    typedScenario(whole, [deletingLine("`command upload(target: string) {` deleted", 0)], {
      edited: (state) =>
        assert.deepEqual(state.said, [
          "1:3-1:6 MF001 `run` is a command's property: expected `command <name> {` above it",
          RETIRES.replace("3:", "2:").replace("3:10", "2:10"),
        ]),
    });
  });

  it("params on lines of their own, the header line deleted whole or cut to `command upload`: one error, the params kept", () => {
    const lines = [
      "command upload(",
      "  target: string,",
      '  mode: string = "fast",',
      ") {",
      '  run: "echo ${target} ${mode}"',
      "}",
      "workflow w {",
      '  step ship { run: upload(target: "host") }',
      "}",
      "",
    ];
    const params = (state: CheckedState): string[][] =>
      state.parsed.file.commands.map((c) => [c.name.text, ...c.params.map((p) => p.name.text)]);
    typedScenario(lines.join("\n"), [deletingLine("`command upload(` deleted", 0)], {
      edited: (state) => {
        assert.deepEqual(state.said, [
          "1:3-1:9 MF001 `target` is a command's parameter: expected `command <name>(` above it",
        ]);
        assert.deepEqual(params(state), [["", "target", "mode"]]);
      },
    });
    const cut = replacing("`(` deleted", {
      start: { line: 0, character: 14 },
      end: { line: 0, character: 15 },
    });
    typedScenario(lines.join("\n"), [cut], {
      edited: (state) => {
        assert.deepEqual(state.said, [
          "1:9-1:15 MF001 expected `(` after command `upload`: the parameters below it need their `(`",
        ]);
        assert.deepEqual(params(state), [["upload", "target", "mode"]]);
      },
    });
  });
});

describe("a step's keyword deleted or mistyped, its id, `{` and body left: one error on that word", () => {
  /** A workflow whose line 4 is the step `id`'s header, above a body that reads `items`; `ship` needs `id`. */
  const around = (id: string): string =>
    [
      "workflow w {",
      '  param items: list = ["a"]',
      '  var stamp = "s"',
      `  step ${id} {`,
      "    for_each: item in items",
      '    run: "echo ${stamp} ${item}"',
      "    rollback: none",
      "  }",
      "  step ship {",
      `    needs: [${id}]`,
      '    run: "echo ship"',
      "  }",
      "}",
      "",
    ].join("\n");
  /** The header's `step` (line 4), and the space after it. */
  const keyword = { start: { line: 3, character: 2 }, end: { line: 3, character: 6 } };
  const keywordAndSpace = { start: keyword.start, end: { line: 3, character: 7 } };

  it("`build {`: `step` missing before the id, with `step build` as the fix; the step kept, nothing else said", () => {
    typedScenario(around("build"), [replacing("`step ` deleted", keywordAndSpace)], {
      edited: (state) => {
        assert.deepEqual(state.said, [
          "4:3-4:8 MF001 expected `step` before `build`: a step's header is `step build {`",
        ]);
        assert.deepEqual(state.steps, ["w/build[for_each,run,rollback]", "w/ship[needs,run]"]);
        assert.deepEqual(state.parsed.diagnostics[0]?.data, {
          suggestions: ["step build"],
          replaceRange: { start: { line: 3, character: 2 }, end: { line: 3, character: 7 } },
        });
      },
    });
    // An id that is a word of the language elsewhere, as `test`, is a step's id too.
    typedScenario(around("test"), [replacing("`step ` deleted", keywordAndSpace)], {
      edited: (state) =>
        assert.deepEqual(state.said, [
          "4:3-4:7 MF001 expected `step` before `test`: a step's header is `step test {`",
        ]),
    });
  });

  it("`tep build {`, `p build {`, `stpe build {`: the keyword mistyped, read as `step`: the body's names count as used", () => {
    for (const word of ["tep", "p", "stpe"]) {
      typedScenario(around("build"), [replacing(word, keyword, word)], {
        edited: (state) => {
          assert.deepEqual(
            state.said,
            [
              `4:3-4:${3 + word.length} MF001 expected a property name, \`param\`, \`var\` or \`step\`, not \`${word}\`; did you mean \`step\`?`,
            ],
            word,
          );
          assert.deepEqual(
            state.steps,
            ["w/build[for_each,run,rollback]", "w/ship[needs,run]"],
            word,
          );
        },
      });
    }
  });
});

describe("a step's header deleted whole, its body and `}` left: one error where the header was", () => {
  /** A workflow whose step `build` (line 5) holds `body`; `ship` below misspells `retries`. */
  const withBuild = (...body: string[]): string =>
    [
      "workflow w {",
      "  step lint {",
      '    run: "echo lint"',
      "  }",
      "  step build {",
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
  const headerDeleted = deletingLine("`step build {` deleted", 4);

  it("`needs` first: said once on it; the body read as a step's, `ship` keeps its error and its place", () => {
    typedScenario(withBuild("needs: [lint]", 'run: "echo build"', "timeout: 5m"), [headerDeleted], {
      edited: (state) => {
        assert.deepEqual(state.said, [
          "5:5-5:10 MF001 `needs` is a step's property: expected `step <name> {` above it",
          retires(12),
        ]);
        assert.deepEqual(state.steps, [
          "w/lint[run]",
          "w/[needs,run,timeout]",
          "w/ship[needs,run,retires]",
        ]);
      },
    });
  });

  it("a property both blocks take first (`timeout`), and the step as the workflow's last: the same", () => {
    typedScenario(withBuild("timeout: 5m", 'run: "echo build"'), [headerDeleted], {
      edited: (state) =>
        assert.deepEqual(state.said, [
          "5:5-5:12 MF001 `timeout` is a step's property: expected `step <name> {` above it",
          retires(11),
        ]),
    });
    const last = [
      "workflow w {",
      "  step lint {",
      '    run: "echo lint"',
      "  }",
      "  step build {",
      '    run: "echo build"',
      '    env: { CI: "1" }',
      "  }",
      "}",
      "",
    ].join("\n");
    typedScenario(last, [headerDeleted], {
      edited: (state) => {
        assert.deepEqual(state.said, [
          "5:5-5:8 MF001 `run` is a step's property: expected `step <name> {` above it",
        ]);
        assert.deepEqual(state.steps, ["w/lint[run]", "w/[run,env]"]);
      },
    });
  });

  it("the step's `}` at the end of its last line (`timeout: 5m }`): the same", () => {
    const joined = withBuild("needs: [lint]", 'run: "echo build" }').replace(
      '"echo build" }\n  }\n',
      '"echo build" }\n',
    );
    typedScenario(joined, [headerDeleted], {
      edited: (state) => {
        assert.deepEqual(state.said, [
          "5:5-5:10 MF001 `needs` is a step's property: expected `step <name> {` above it",
          retires(10),
        ]);
        assert.deepEqual(state.steps, [
          "w/lint[run]",
          "w/[needs,run]",
          "w/ship[needs,run,retires]",
        ]);
      },
    });
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
    opened(text, (state) =>
      assert.deepEqual(state.said, [
        '2:3-2:6 MF009 unknown property "run" of a workflow; a workflow accepts description, version, author, concurrency, rollback_on_failure, timeout, shell, env',
      ]),
    );
  });
});

describe("a workflow's or test's header deleted whole, or a test's typed again: one error where it was, the body kept", () => {
  /** A workflow `v` above; `lines` below. */
  const around = (...lines: string[]): string =>
    ["workflow v {", "  step a {", '    run: "echo a"', "  }", "}", ...lines, ""].join("\n");
  /** `w`'s body and `}`, below its header: a step misspells `retries`. */
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
  /** A test of `v`: its header's line (6) `header`, then its body. */
  const testOfV = (header: string): string =>
    around(
      header,
      "  workflow: v",
      "  expect status == success",
      "  expect step b == success",
      "}",
    );

  it("`workflow w {` deleted: one error on the body's first member, its steps kept with their problems", () => {
    typedScenario(
      around("workflow w {", ...workflowBody),
      [deletingLine("`workflow w {` deleted", 5)],
      {
        edited: (state) => {
          assert.deepEqual(state.said, [
            "6:3-6:8 MF001 `param` is a workflow's member: expected `workflow <name> {` above it",
            retires(13),
          ]);
          assert.deepEqual(state.steps, ["v/a[run]", "/build[run]", "/ship[needs,run,retires]"]);
        },
      },
    );
    // A workflow's property first, and the file's first lines: the same.
    const described = ["workflow w {", '  description: "ships"', ...workflowBody, ""].join("\n");
    typedScenario(described, [deletingLine("`workflow w {` deleted", 0)], {
      edited: (state) => {
        assert.deepEqual(state.said, [
          "1:3-1:14 MF001 `description` is a workflow's property: expected `workflow <name> {` above it",
          retires(9),
        ]);
        assert.deepEqual(state.steps, ["/build[run]", "/ship[needs,run,retires]"]);
      },
    });
  });

  it('`test "…" {` deleted: one error on its first line, its expectations still checked', () => {
    typedScenario(testOfV('test "ships" {'), [deletingLine('`test "ships" {` deleted', 5)], {
      edited: (state) => {
        assert.deepEqual(state.said, [
          '6:3-6:11 MF001 `workflow` is a test\'s property: expected `test "<name>" {` above it',
          '8:15-8:16 MF002 unknown step "b" in workflow "v"',
        ]);
        assert.deepEqual(
          state.parsed.file.tests.map((t) => [t.name.text, t.properties.length, t.expects.length]),
          [["", 1, 2]],
        );
      },
    });
  });

  it("`t` to `tes` typed again above a test's body: one error with `test` as the fix, the body the test's", () => {
    typedScenario(testOfV(""), typing({ line: 5, character: 0 }, "tes"), {
      edited: (state) => {
        const word = state.label;
        assert.deepEqual(
          state.said,
          [
            `6:1-6:${1 + word.length} MF001 expected \`import\`, \`command\`, \`workflow\` or \`test\`, not \`${word}\`; did you mean \`test\`?`,
            '9:15-9:16 MF002 unknown step "b" in workflow "v"',
          ],
          word,
        );
      },
    });
  });
});

describe("a command's header deleted whole, and a body whose `}` ends its last line: one error where the header was, the body kept", () => {
  /** A workflow `v` above, `lines` below it. */
  const around = (...lines: string[]): string =>
    ["workflow v {", "  step a {", '    run: "echo a"', "  }", "}", ...lines, ""].join("\n");
  const TIMOUT = '8:3-8:9 MF009 unknown property "timout" of a command; did you mean "timeout"?';
  const DESCRIPTION =
    "6:3-6:14 MF001 `description` is a command's property: expected `command <name> {` above it";
  const headerDeleted = deletingLine("`command upload {` deleted", 5);

  it("`command upload {` deleted: one error on its first property, the body a command's with its problems", () => {
    const text = around(
      "command upload {",
      '  description: "Uploads"',
      '  run: "echo up"',
      "  timout: 10s",
      "}",
    );
    typedScenario(text, [headerDeleted], {
      edited: (state) => {
        assert.deepEqual(state.said, [DESCRIPTION, TIMOUT]);
        assert.deepEqual(
          state.parsed.file.commands.map((c) => [
            c.name.text,
            c.properties.map((p) => p.name.text),
          ]),
          [["", ["description", "run", "timout"]]],
        );
      },
    });
  });

  it("the body's `}` at the end of its last line (`  timout: 10s }`): the same for a command, a workflow and a test", () => {
    const command = around(
      "command upload {",
      '  description: "Uploads"',
      '  run: "echo up"',
      "  timout: 10s }",
    );
    typedScenario(command, [headerDeleted], {
      edited: (state) => assert.deepEqual(state.said, [DESCRIPTION, TIMOUT]),
    });
    const workflow = around(
      "workflow w {",
      '  param who: string = "Ann"',
      "  step build {",
      '    run: "echo ${who}"',
      "    retires: 3 } }",
    );
    typedScenario(workflow, [deletingLine("`workflow w {` deleted", 5)], {
      edited: (state) => {
        assert.deepEqual(state.said, [
          "6:3-6:8 MF001 `param` is a workflow's member: expected `workflow <name> {` above it",
          retires(9),
        ]);
        assert.deepEqual(state.steps, ["v/a[run]", "/build[run,retires]"]);
      },
    });
    const test = around('test "ships" {', "  workflow: v", "  expect step b == success }");
    typedScenario(test, [deletingLine('`test "ships" {` deleted', 5)], {
      edited: (state) =>
        assert.deepEqual(state.said, [
          '6:3-6:11 MF001 `workflow` is a test\'s property: expected `test "<name>" {` above it',
          '7:15-7:16 MF002 unknown step "b" in workflow "v"',
        ]),
    });
  });

  it("an indented line above a declaration, closed by no `}` of its own, stays stray text", () => {
    const text = [
      '  run: "echo up"',
      "workflow v {",
      "  step a {",
      '    run: "echo a" } }',
      "",
    ].join("\n");
    opened(text, (state) => {
      assert.deepEqual(
        state.said.filter((line) => line.includes("MF001")).length,
        1,
        state.said.join("\n"),
      );
      assert.deepEqual(state.steps, ["v/a[run]"]);
    });
  });
});

describe("a property's name half typed: one error, the nearest name as the fix", () => {
  it("`ru` in a step: `:` and a value missing, did you mean `run`, not also an unknown property", () => {
    const text = ["workflow w {", "  step build {", "    ", "  }", "}", ""].join("\n");
    typedScenario(text, typing({ line: 2, character: 4 }, "ru"), {
      edited: (state) => {
        if (state.label !== "ru") return;
        assert.deepEqual(state.said, [
          '2:8-2:13 MF014 step "build" has no "run" property (the action to perform)',
          "3:5-3:7 MF001 expected `:` and a value after `ru`; did you mean `run`?",
        ]);
        assert.deepEqual(state.parsed.diagnostics[0]?.data, {
          suggestions: ["run"],
          replaceRange: { start: { line: 2, character: 4 }, end: { line: 2, character: 6 } },
        });
      },
    });
  });
});
