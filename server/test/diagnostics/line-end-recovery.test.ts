import assert from "node:assert/strict";
import type { DocumentSymbol } from "vscode-languageserver-protocol";
import type { SemanticTokens, SemanticTokensLegend } from "vscode-languageserver-protocol";
import { decodeSemanticTokens } from "../support/semantic-token-decoding";
import { useWorkspaceSession } from "../support/workspace-session";
import {
  deletingLines,
  memberNames,
  replacing,
  typedScenario,
  typing,
} from "../support/typed-scenario";

/*
 * What the editor shows while a line is typed: what is left open at a
 * line's end (`command c(`, `env: { CI: 1,`, a `"""` never closed) is one
 * error on that line, and the lines below keep their own errors and their
 * place in the outline; a step's header typed again above its body keeps
 * its errors on that line; `ru` as `run` is typed is one error, `run` its fix.
 */

/** A workflow `w`: its step `build` holds `lines`; a step `ship` below misspells `retries` (MF009, line 9). */
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

/** Each workflow's steps in `outline`: `w/build`. */
function stepPaths(outline: readonly DocumentSymbol[]): string[] {
  return outline.flatMap((declaration) =>
    (declaration.children ?? [])
      .filter((child) => !child.name.includes(":"))
      .map((child) => `${declaration.name}/${child.name}`),
  );
}

/** Each declaration of `outline` with its members' names. */
function declarations(outline: readonly DocumentSymbol[]): [string, string[]][] {
  return outline.map((d) => [d.name, (d.children ?? []).map((c) => c.name)]);
}

const RETIRES = '9:5-9:12 MF009 unknown property "retires" of a step; did you mean "retries"?';

describe("language server: what is left open at a line's end is one error there, the lines below read as they are (real LSP over stdio)", function () {
  this.timeout(60_000);
  const workspace = useWorkspaceSession({ prefix: "momoflow-line-end-recovery-" });

  /** Opened as it is, `text` publishes `expected.diagnostics` and shows `expected.steps` in its outline. */
  function opensAs(
    text: string,
    expected: { diagnostics: string[]; steps: string[] },
  ): Promise<void> {
    return typedScenario(workspace, text, [], {
      opened: async (state) =>
        assert.deepEqual(
          { diagnostics: state.said, steps: stepPaths(await state.outline()) },
          expected,
        ),
    });
  }

  it("`env: { CI: 1,`: the `}` missing on its line; `run` below is the step's, `ship` keeps its error and its place", async () => {
    await opensAs(workflow("env: { CI: 1,", 'run: "echo hi"'), {
      diagnostics: ["3:17-3:18 MF001 expected `}` to close the map opened at 3:10", RETIRES],
      steps: ["w/build", "w/ship"],
    });
  });

  it('a `"""` never closed: said once where it starts, the steps below still there', async () => {
    await opensAs(workflow('run: """', "  echo hi"), {
      diagnostics: ['3:10-3:13 MF001 unterminated multi-line string: add a closing `"""`', RETIRES],
      steps: ["w/build", "w/ship"],
    });
  });

  it("a step's header line deleted whole: one error where it was, the later steps kept in the outline", async () => {
    const text = [
      "workflow w {",
      "  step lint {",
      '    run: "echo lint"',
      "  }",
      "  step build {",
      "    needs: [lint]",
      '    run: "echo build"',
      "  }",
      "  step ship {",
      "    needs: [build]",
      '    run: "echo ship"',
      "    retires: 3",
      "  }",
      "}",
      "",
    ].join("\n");
    await typedScenario(
      workspace,
      text,
      [deletingLines("`step build {` deleted", 4)],
      {
        edited: async (state) => {
          assert.deepEqual(state.said, [
            "5:5-5:10 MF001 `needs` is a step's property: expected `step <name> {` above it",
            '9:13-9:18 MF002 unknown step "build" in workflow "w"',
            RETIRES.replace(/9:/g, "11:"),
          ]);
          // The step without its header is shown for what it is.
          assert.deepEqual(memberNames(await state.outline()), ["lint", "<unnamed step>", "ship"]);
        },
      },
      "headless",
    );
  });

  it("a workflow's header line deleted whole: one error where it was, its steps kept in the outline under `<unnamed workflow>`", async () => {
    await typedScenario(
      workspace,
      workflow('run: "echo build"'),
      [deletingLines("`workflow w {` deleted", 0)],
      {
        edited: async (state) => {
          assert.deepEqual(state.said, [
            "1:3-1:7 MF001 `step` is a workflow's member: expected `workflow <name> {` above it",
            RETIRES.replace(/9:/g, "7:"),
          ]);
          assert.deepEqual(declarations(await state.outline()), [
            ["<unnamed workflow>", ["build", "ship"]],
          ]);
        },
      },
      "headless-workflow",
    );
  });

  it("a command's header line deleted whole, then its `}` joined to the line above: one error where it was, the body a command's in the outline", async () => {
    const text = [
      "command upload {",
      '  description: "Uploads"',
      '  run: "echo up"',
      "  timout: 10s",
      "}",
      "",
    ].join("\n");
    const timout = 'MF009 unknown property "timout" of a command; did you mean "timeout"?';
    await typedScenario(
      workspace,
      text,
      [
        deletingLines("`command upload {` deleted", 0),
        // `  timout: 10s` and `}` made one line: the same.
        replacing(
          "`}` joined to the line above",
          { start: { line: 2, character: 13 }, end: { line: 3, character: 0 } },
          " ",
        ),
      ],
      {
        opened: (state) => assert.deepEqual(state.said, [`4:3-4:9 ${timout}`]),
        edited: async (state) => {
          assert.deepEqual(
            state.said,
            [
              "1:3-1:14 MF001 `description` is a command's property: expected `command <name> {` above it",
              `3:3-3:9 ${timout}`,
            ],
            state.label,
          );
          const shown = declarations(await state.outline());
          assert.equal(shown.length, 1, JSON.stringify(shown));
          assert.equal(shown[0]![0], "<unnamed command>", state.label);
        },
      },
      "headless-command",
    );
  });

  it("a test's header deleted, then typed again key by key: at each key its expectations keep their errors", async () => {
    const header = 'test "ships" {';
    const text = [
      "workflow w {",
      "  step a {",
      '    run: "echo a"',
      "  }",
      "}",
      header,
      "  workflow: w",
      "  expect status == success",
      "  expect step b == success",
      "}",
      "",
    ].join("\n");
    const below = '9:15-9:16 MF002 unknown step "b" in workflow "w"';
    const deleted = "the header deleted";
    const reopened = "its line opened again";
    await typedScenario(
      workspace,
      text,
      [
        deletingLines(deleted, 5),
        // The line typed again above the body, one key at a time.
        replacing(
          reopened,
          { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } },
          "\n",
        ),
        ...typing({ line: 5, character: 0 }, header),
      ],
      {
        opened: (state) => assert.deepEqual(state.said, [below]),
        edited: (state) => {
          if (state.label === reopened) return;
          if (state.label === deleted) {
            assert.deepEqual(state.said, [
              '6:3-6:11 MF001 `workflow` is a test\'s property: expected `test "<name>" {` above it',
              below.replace(/9:/g, "8:"),
            ]);
            return;
          }
          assert.deepEqual(
            state.said.filter((d) => !d.startsWith("6:")),
            [below],
            state.label,
          );
          assert.ok(state.said.length <= 2, `${state.label}: ${state.said.join(" | ")}`);
        },
      },
      "headless-test",
    );
  });

  it("a step's `step` deleted from its header: one error on the id, `step build` its quick fix, the step kept", async () => {
    const text = [
      "workflow w {",
      '  var stamp = "s"',
      "  step build {",
      '    run: "echo ${stamp}"',
      "  }",
      "  step ship {",
      "    needs: [build]",
      '    run: "echo ship"',
      "  }",
      "}",
      "",
    ].join("\n");
    await typedScenario(
      workspace,
      text,
      [
        replacing("`step ` deleted", {
          start: { line: 2, character: 2 },
          end: { line: 2, character: 7 },
        }),
      ],
      {
        edited: async (state) => {
          assert.deepEqual(state.said, [
            "3:3-3:8 MF001 expected `step` before `build`: a step's header is `step build {`",
          ]);
          const [diagnostic] = state.diagnostics;
          assert.deepEqual(await state.fixes(diagnostic!), [
            ["Change to `step build`", [{ range: diagnostic!.range, newText: "step build" }]],
          ]);
          assert.deepEqual(memberNames(await state.outline()), ["stamp", "build", "ship"]);
        },
      },
      "keywordless",
    );
  });

  it("a command's `command` deleted and typed again before its name and parameters: its params known at each key, `command upload` the quick fix", async () => {
    const text = [
      "command upload(target: string) {",
      '  run: "echo ${target}"',
      "}",
      "workflow w {",
      '  step ship { run: upload(target: "host") }',
      "}",
      "",
    ].join("\n");
    const deleted = "`command ` deleted";
    await typedScenario(
      workspace,
      text,
      [
        replacing(deleted, { start: { line: 0, character: 0 }, end: { line: 0, character: 8 } }),
        // Typed again key by key: `cupload(` … `commandupload(` name another command (its
        // callers' `upload` unknown), but the body's `target` stays its parameter throughout.
        ...typing({ line: 0, character: 0 }, "command "),
      ],
      {
        opened: (state) => assert.deepEqual(state.diagnostics, []),
        edited: async (state) => {
          if (state.label === deleted) {
            assert.deepEqual(state.said, [
              "1:1-1:7 MF001 expected `command` before `upload`: a command's header is `command upload(...) {`",
            ]);
            const [diagnostic] = state.diagnostics;
            assert.deepEqual(await state.fixes(diagnostic!), [
              [
                "Change to `command upload`",
                [{ range: diagnostic!.range, newText: "command upload" }],
              ],
            ]);
            return;
          }
          assert.deepEqual(
            state.said.filter((d) => d.includes("MF008")),
            [],
            state.label,
          );
          if (state.label === "command ") assert.deepEqual(state.said, [], state.label);
        },
      },
      "command-keywordless",
    );
  });

  it("a workflow's header typed again, key by key, above its body: its body's errors and colours stay at each key", async () => {
    const body = ["  step notes {", '    run: "echo notes"', "    retires: 3", "  }", "}", ""];
    const legend = (
      workspace.init.capabilities.semanticTokensProvider as { legend: SemanticTokensLegend }
    ).legend;
    /** The semantic tokens of the body's lines (below line 1). */
    const bodyTokens = async (uri: string): Promise<string[]> => {
      const tokens = await workspace.client.request<SemanticTokens>(
        "textDocument/semanticTokens/full",
        { textDocument: { uri } },
      );
      return decodeSemanticTokens(tokens, legend)
        .filter(([line]) => line > 0)
        .map((token) => JSON.stringify(token));
    };
    const seen: [string, string[], string[]][] = [];
    await typedScenario(
      workspace,
      ["", ...body].join("\n"),
      typing({ line: 0, character: 0 }, "workflow release {"),
      {
        edited: async (state) => {
          seen.push([
            state.label,
            state.said.filter((d) => !d.startsWith("1:")),
            await bodyTokens(state.uri),
          ]);
        },
      },
      "workflow-retyped",
    );
    const typedWhole = seen.at(-1)!;
    assert.deepEqual(typedWhole[1], [RETIRES.replace(/9:/g, "4:")]);
    assert.ok(typedWhole[2].length >= 4, typedWhole[2].join(" "));
    for (const [partial, below, tokens] of seen) {
      assert.deepEqual(below, typedWhole[1], partial);
      assert.deepEqual(tokens, typedWhole[2], partial);
    }
  });

  it("a command's header typed again, key by key, above its body: the body's errors stay at each key, its hovers once named", async () => {
    const body = ['  run: "echo up"', "  retires: 3", "}", ""];
    const retires =
      '3:3-3:10 MF009 unknown property "retires" of a command; a command accepts description, run, rollback, timeout, rollback_timeout';
    await typedScenario(
      workspace,
      ["", ...body].join("\n"),
      typing({ line: 0, character: 0 }, "command upload(target: string) {"),
      {
        edited: async (state) => {
          const partial = state.label;
          assert.deepEqual(
            state.said.filter((d) => !d.startsWith("1:")),
            [retires],
            partial,
          );
          if (!/^command \w/.test(partial)) return;
          // `run` on line 2: the command's property, as soon as the command has a name.
          const hover = await workspace.client.request<{ contents: { value: string } } | null>(
            "textDocument/hover",
            { textDocument: { uri: state.uri }, position: { line: 1, character: 3 } },
          );
          assert.match(hover?.contents.value ?? "", /\(command property\)/, partial);
        },
      },
      "command-retyped",
    );
  });

  it('a `"""` typed quote by quote above another step\'s script: at each quote the step below and its script read as written', async () => {
    const text = [
      "workflow w {",
      "  step build {",
      "    run: ",
      "  }",
      "  step test {",
      "    needs: [build]",
      '    run: """',
      "      echo testing",
      '    """',
      "  }",
      "  step ship {",
      "    needs: test",
      '    run: "echo ship"',
      "    retires: 3",
      "  }",
      "}",
      "",
    ].join("\n");
    const retires = RETIRES.replace(/9:/g, "14:");
    await typedScenario(
      workspace,
      text,
      typing({ line: 2, character: 9 }, '"""'),
      {
        edited: async (state) => {
          const typed = state.label.length;
          // `"` and `""` are strings of their own line; `"""` opens one that nothing closes.
          const first =
            typed === 1
              ? '3:10-3:11 MF001 unterminated string: add a closing `"`'
              : typed === 3
                ? '3:10-3:13 MF001 unterminated multi-line string: add a closing `"""`'
                : undefined;
          assert.deepEqual(state.said, first ? [first, retires] : [retires], `${typed} quotes`);
          assert.deepEqual(
            memberNames(await state.outline()),
            ["build", "test", "ship"],
            `${typed} quotes`,
          );
        },
      },
      "quoted",
    );
  });

  it('`run: """` typed again quote by quote above its script and closer: at each quote one error on that line, the script not read as code', async () => {
    const text = [
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
    ].join("\n");
    const retires = RETIRES.replace(/9:/g, "14:");
    const opens = (range: string): string =>
      `${range} MF001 expected \`"""\` to open the multi-line string closed at 6:5`;
    await typedScenario(
      workspace,
      text,
      typing({ line: 2, character: 9 }, '"""'),
      {
        opened: (state) =>
          assert.deepEqual(state.said, [opens("3:9-3:9"), retires], "no quote yet"),
        edited: async (state) => {
          const typed = state.label.length;
          const expected = typed === 3 ? [retires] : [opens(`3:10-3:${10 + typed}`), retires];
          assert.deepEqual(state.said, expected, `${typed} quotes`);
          assert.deepEqual(
            declarations(await state.outline()).flatMap(([, members]) => members),
            ["build", "ship"],
            `${typed} quotes`,
          );
        },
      },
      "reopened",
    );
  });

  it("`command c(` above its body: the `)` missing on its line, the workflow below as it is", async () => {
    await opensAs(`command c(\n  run: "echo hi"\n}\n${workflow("run: c()")}`, {
      diagnostics: [
        "1:10-1:11 MF001 expected `)` to close the parameters of command `c` opened at 1:10",
        RETIRES.replace(/9:/g, "11:"),
      ],
      steps: ["w/build", "w/ship"],
    });
  });

  it("`ru` as `run` is typed: one error, and `run` its quick fix", async () => {
    const text = ["workflow w {", "  step build {", "    ru", "  }", "}", ""].join("\n");
    await typedScenario(workspace, text, [], {
      opened: async (state) => {
        assert.deepEqual(state.said, [
          '2:8-2:13 MF014 step "build" has no "run" property (the action to perform)',
          "3:5-3:7 MF001 expected `:` and a value after `ru`; did you mean `run`?",
        ]);
        const diagnostic = state.diagnostics[1]!;
        assert.deepEqual(await state.fixes(diagnostic), [
          ["Change to `run`", [{ range: diagnostic.range, newText: "run" }]],
        ]);
      },
    });
  });

  it("a step's header typed again, key by key, above its body: each version's errors on that line only", async () => {
    const header = "step build {";
    const text = [
      "workflow w {",
      '  param p: string = "x"',
      "  ",
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
    await typedScenario(
      workspace,
      text,
      typing({ line: 2, character: 2 }, header),
      {
        edited: (state) => {
          const partial = state.label;
          // `ship` needs `build`, unknown until its id is typed whole: said on line 8, nothing else below line 3.
          const below = state.said.filter((d) => !d.startsWith("3:"));
          assert.deepEqual(
            below.map((d) => d.replace(/; did you mean .*/, "")),
            partial.startsWith("step build")
              ? []
              : ['8:12-8:17 MF002 unknown step "build" in workflow "w"'],
            partial,
          );
          assert.ok(
            state.said.filter((d) => d.startsWith("3:")).length <= (partial === header ? 0 : 1),
            `${partial}: ${state.said.join(" | ")}`,
          );
        },
      },
      "retyped",
    );
  });
});
