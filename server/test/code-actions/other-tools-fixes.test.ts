import assert from "node:assert/strict";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { Diagnostic, Position, TextEdit } from "vscode-languageserver-protocol";
import { useWorkspaceSession } from "../support/workspace-session";

type Action = { title: string; edit?: { changes?: Record<string, TextEdit[]> } };

/**
 * What users of other tools write first (`string[]`, `integer`,
 * `bash("…")`, `depends_on`, `params { … }`, `${n}` in a condition,
 * `rollback: null`) is one diagnostic whose quick fix writes the momoflow
 * way; the fixed file checks clean.
 */
describe("language server: quick fixes for what other tools' users write (real LSP over stdio)", function () {
  this.timeout(60_000);
  const workspace = useWorkspaceSession({ prefix: "momoflow-other-tools-" });
  let count = 0;

  /** Opens `lines`, expects one error, applies its fix titled `title`, and expects `fixed`, which checks clean. */
  async function fixes(lines: string[], title: string, fixed: string[]): Promise<void> {
    const text = lines.join("\n");
    const { uri, diagnostics } = await workspace.openChecked(`f${count++}.momoflow`, text);
    const errors = diagnostics.filter((d: Diagnostic) => d.severity === 1);
    assert.equal(errors.length, 1, JSON.stringify(diagnostics));
    const actions = await workspace.client.request<Action[]>("textDocument/codeAction", {
      textDocument: { uri },
      range: errors[0]!.range,
      context: { diagnostics: [errors[0]] },
    });
    const fix = actions.find((a) => a.title === title);
    assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
    const result = TextDocument.applyEdits(
      TextDocument.create(uri, "momoflow", 1, text),
      fix.edit!.changes![uri]!,
    );
    assert.equal(result, fixed.join("\n"));
    const again = await workspace.openChecked(`f${count++}.momoflow`, result);
    assert.deepEqual(again.diagnostics, [], result);
  }

  const around = (...inner: string[]): string[] => [
    "workflow w {",
    ...inner,
    '  step a { run: "echo ${p}" }',
    "}",
    "",
  ];

  it("writes list for string[] and list<string>", async () => {
    await fixes(
      around('  param p: string[] = ["a"]'),
      "Change to `list`",
      around('  param p: list = ["a"]'),
    );
    await fixes(around("  param p: list<string>"), "Change to `list`", around("  param p: list"));
  });

  it("writes the type a param's default shows after its name", async () => {
    await fixes(
      around('  param p = "staging"'),
      "Change to `p: string`",
      around('  param p: string = "staging"'),
    );
    await fixes(around("  param p = 3"), "Change to `p: int`", around("  param p: int = 3"));
  });

  it("writes int for integer", async () => {
    await fixes(around("  param p: integer = 1"), "Change to `int`", around("  param p: int = 1"));
  });

  it('writes none for rollback: null and rollback: ""', async () => {
    const step = (rollback: string): string[] => [
      "workflow w {",
      "  step a {",
      '    run: "echo"',
      `    rollback: ${rollback}`,
      "  }",
      "}",
      "",
    ];
    await fixes(step("null"), "Change to `none`", step("none"));
    await fixes(step('""'), "Change to `none`", step("none"));
  });

  it('unwraps bash("…") and sh "…" to the string', async () => {
    const step = (run: string): string[] => [
      "workflow w {",
      "  param n: int = 1",
      `  step a { run: ${run} }`,
      "}",
      "",
    ];
    await fixes(
      step('bash("echo ${n} \\"q\\"")'),
      'Change to `"echo ${n} \\"q\\""`',
      step('"echo ${n} \\"q\\""'),
    );
    await fixes(step('sh "echo ${n}"'), 'Change to `"echo ${n}"`', step('"echo ${n}"'));
  });

  it("drops the ${ } of a condition, and reads params.n and $HOME the momoflow way", async () => {
    const step = (...lines: string[]): string[] => [
      "workflow w {",
      "  param n: int = 3",
      "  step a {",
      ...lines.map((line) => `    ${line}`),
      "  }",
      "}",
      "",
    ];
    await fixes(
      step("when: ${n} > 2", 'run: "echo"'),
      "Change to `n`",
      step("when: n > 2", 'run: "echo"'),
    );
    await fixes(
      step("when: $n > 2", 'run: "echo"'),
      "Change to `n`",
      step("when: n > 2", 'run: "echo"'),
    );
    await fixes(step('run: "echo ${params.n}"'), "Change to `n`", step('run: "echo ${n}"'));
    await fixes(
      step("env: { HOME_DIR: $HOME }", 'run: "echo ${n}"'),
      "Change to `env.HOME`",
      step("env: { HOME_DIR: env.HOME }", 'run: "echo ${n}"'),
    );
  });

  it("reads params.x naming no param as the close param, by its name alone", async () => {
    const step = (run: string): string[] => [
      "workflow w {",
      "  param count: int = 3",
      '  var label = "x"',
      "  step a {",
      `    run: ${run}`,
      "  }",
      "}",
      "",
    ];
    await fixes(
      step('"echo ${params.cout} ${label}"'),
      "Change to `count`",
      step('"echo ${count} ${label}"'),
    );
    await fixes(
      step('"echo ${vars.labl} ${count}"'),
      "Change to `label`",
      step('"echo ${label} ${count}"'),
    );
  });

  it("rewrites a params block as param lines", async () => {
    await fixes(
      [
        "workflow w {",
        "  params {",
        "    n: int = 3",
        '    target: string = "x"',
        "  }",
        '  step a { run: "echo ${n} ${target}" }',
        "}",
        "",
      ],
      "Declare each as a `param` line",
      [
        "workflow w {",
        "  param n: int = 3",
        '  param target: string = "x"',
        '  step a { run: "echo ${n} ${target}" }',
        "}",
        "",
      ],
    );
  });

  it("writes a quoted duration without its quotes", async () => {
    const step = (timeout: string): string[] => [
      "workflow w {",
      "  step a {",
      '    run: "echo"',
      `    timeout: ${timeout}`,
      "    rollback: none",
      "  }",
      "}",
      "",
    ];
    await fixes(step('"5m"'), "Change to `5m`", step("5m"));
  });

  it('writes `:` for the `=` of run = "…"', async () => {
    const step = (run: string): string[] => [
      "workflow w {",
      "  step a {",
      `    ${run}`,
      "  }",
      "}",
      "",
    ];
    await fixes(step('run = "echo"'), "Change to `:`", step('run: "echo"'));
  });

  it('renames shell to run for shell: "make" without a run', async () => {
    const step = (line: string): string[] => [
      "workflow w {",
      "  step a {",
      `    ${line}`,
      "  }",
      "}",
      "",
    ];
    await fixes(step('shell: "make"'), "Change to `run`", step('run: "make"'));
  });

  it("unquotes a step id in needs", async () => {
    const steps = (needs: string): string[] => [
      "workflow w {",
      '  step a { run: "echo" }',
      `  step b { needs: ${needs} run: "echo" }`,
      "}",
      "",
    ];
    await fixes(steps('"a"'), "Change to `a`", steps("a"));
  });

  it('writes a YAML block scalar (run: |) as a """ string', async () => {
    const step = (...run: string[]): string[] => [
      "workflow w {",
      "  param n: int = 1",
      "  step a {",
      ...run,
      "    rollback: none",
      "  }",
      "}",
      "",
    ];
    await fixes(
      step("    run: |", "      echo ${n}", "", "      echo two"),
      'Write the block as a `"""` string',
      step('    run: """', "      echo ${n}", "", "      echo two", '    """'),
    );
    await fixes(
      step("    run: >-", "      echo ${n}"),
      'Write the block as a `"""` string',
      step('    run: """', "      echo ${n}", '    """'),
    );
  });

  it("brackets the ids of needs: a, c", async () => {
    const steps = (needs: string): string[] => [
      "workflow w {",
      '  step a { run: "echo a" }',
      '  step c { run: "echo c" }',
      "  step b {",
      `    needs: ${needs}`,
      '    run: "echo ${steps.c.output}"',
      "  }",
      "}",
      "",
    ];
    await fixes(steps("a, c"), "Change to `[a, c]`", steps("[a, c]"));
    // Meanwhile c is needed: its references include the one in needs.
    const { uri } = await workspace.openChecked(`f${count++}.momoflow`, steps("a, c").join("\n"));
    const references = await workspace.client.request<{ range: { start: Position } }[]>(
      "textDocument/references",
      {
        textDocument: { uri },
        position: { line: 2, character: 7 },
        context: { includeDeclaration: false },
      },
    );
    assert.deepEqual(
      references.map((r) => r.range.start),
      [
        { line: 4, character: 14 },
        { line: 5, character: 23 },
      ],
    );
  });
});
