import assert from "node:assert/strict";
import type {
  CodeAction,
  Diagnostic,
  DocumentSymbol,
  TextDocumentContentChangeEvent,
} from "vscode-languageserver-protocol";
import type { SemanticTokens, SemanticTokensLegend } from "vscode-languageserver-protocol";
import { decodeSemanticTokens } from "../support/semantic-token-decoding";
import { useWorkspaceSession } from "../support/workspace-session";

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

/** `line:col-line:col CODE message` (1-based) of a published diagnostic. */
function said(d: Diagnostic): string {
  const { start, end } = d.range;
  return `${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1} ${d.code} ${d.message}`;
}

const RETIRES = '9:5-9:12 MF009 unknown property "retires" of a step; did you mean "retries"?';

describe("language server: what is left open at a line's end is one error there, the lines below read as they are (real LSP over stdio)", function () {
  this.timeout(60_000);
  const workspace = useWorkspaceSession({ prefix: "momoflow-line-end-recovery-" });

  /** The diagnostics published for `text` and its outline: each workflow's steps (`w/build`). */
  async function seen(text: string): Promise<{ diagnostics: string[]; steps: string[] }> {
    return workspace.withScratch(text, async (uri) => {
      const diagnostics = (await workspace.client.waitForDiagnostics(uri, 1)).map(said);
      const symbols = await workspace.client.request<DocumentSymbol[]>(
        "textDocument/documentSymbol",
        { textDocument: { uri } },
      );
      const steps = symbols.flatMap((declaration) =>
        (declaration.children ?? [])
          .filter((child) => !child.name.includes(":"))
          .map((child) => `${declaration.name}/${child.name}`),
      );
      return { diagnostics, steps };
    });
  }

  it("`env: { CI: 1,`: the `}` missing on its line; `run` below is the step's, `ship` keeps its error and its place", async () => {
    assert.deepEqual(await seen(workflow("env: { CI: 1,", 'run: "echo hi"')), {
      diagnostics: ["3:17-3:18 MF001 expected `}` to close the map opened at 3:10", RETIRES],
      steps: ["w/build", "w/ship"],
    });
  });

  it('a `"""` never closed: said once where it starts, the steps below still there', async () => {
    assert.deepEqual(await seen(workflow('run: """', "  echo hi")), {
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
    const uri = await workspace.openNew(text, { stem: "headless" });
    try {
      await workspace.client.waitForDiagnostics(uri, 1);
      const version = await workspace.client.change(uri, [
        { range: { start: { line: 4, character: 0 }, end: { line: 5, character: 0 } }, text: "" },
      ]);
      const published = (await workspace.client.waitForDiagnostics(uri, version)).map(said);
      assert.deepEqual(published, [
        "5:5-5:10 MF001 `needs` is a step's property: expected `step <name> {` above it",
        '9:13-9:18 MF002 unknown step "build" in workflow "w"',
        RETIRES.replace(/9:/g, "11:"),
      ]);
      const symbols = await workspace.client.request<DocumentSymbol[]>(
        "textDocument/documentSymbol",
        { textDocument: { uri } },
      );
      assert.deepEqual(
        symbols
          .flatMap((d) => (d.children ?? []).filter((c) => !c.name.includes(":")))
          .map((c) => c.name),
        // The step without its header is shown for what it is.
        ["lint", "<unnamed step>", "ship"],
      );
    } finally {
      await workspace.client.closeDocument(uri);
    }
  });

  it("a workflow's header line deleted whole: one error where it was, its steps kept in the outline under `<unnamed workflow>`", async () => {
    const text = workflow('run: "echo build"');
    const uri = await workspace.openNew(text, { stem: "headless-workflow" });
    try {
      await workspace.client.waitForDiagnostics(uri, 1);
      const version = await workspace.client.change(uri, [
        { range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, text: "" },
      ]);
      const published = (await workspace.client.waitForDiagnostics(uri, version)).map(said);
      assert.deepEqual(published, [
        "1:3-1:7 MF001 `step` is a workflow's member: expected `workflow <name> {` above it",
        RETIRES.replace(/9:/g, "7:"),
      ]);
      const symbols = await workspace.client.request<DocumentSymbol[]>(
        "textDocument/documentSymbol",
        { textDocument: { uri } },
      );
      assert.deepEqual(
        symbols.map((d) => [d.name, (d.children ?? []).map((c) => c.name)]),
        [["<unnamed workflow>", ["build", "ship"]]],
      );
    } finally {
      await workspace.client.closeDocument(uri);
    }
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
    const uri = await workspace.openNew(text, { stem: "headless-command" });
    try {
      assert.deepEqual((await workspace.client.waitForDiagnostics(uri, 1)).map(said), [
        `4:3-4:9 ${timout}`,
      ]);
      let version = await workspace.client.change(uri, [
        { range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, text: "" },
      ]);
      const expected = [
        "1:3-1:14 MF001 `description` is a command's property: expected `command <name> {` above it",
        `3:3-3:9 ${timout}`,
      ];
      assert.deepEqual(
        (await workspace.client.waitForDiagnostics(uri, version)).map(said),
        expected,
      );
      const outline = async (): Promise<[string, string[]][]> =>
        (
          await workspace.client.request<DocumentSymbol[]>("textDocument/documentSymbol", {
            textDocument: { uri },
          })
        ).map((d) => [d.name, (d.children ?? []).map((c) => c.name)]);
      const shown = await outline();
      assert.equal(shown.length, 1, JSON.stringify(shown));
      assert.equal(shown[0]![0], "<unnamed command>");
      // `  timout: 10s` and `}` made one line: the same.
      version = await workspace.client.change(uri, [
        { range: { start: { line: 2, character: 13 }, end: { line: 3, character: 0 } }, text: " " },
      ]);
      assert.deepEqual(
        (await workspace.client.waitForDiagnostics(uri, version)).map(said),
        expected,
      );
      assert.equal((await outline())[0]![0], "<unnamed command>");
    } finally {
      await workspace.client.closeDocument(uri);
    }
  });

  it("a test's header deleted, then typed again key by key: at each key its expectations keep their errors", async () => {
    const header = 'test "ships" {';
    const lines = [
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
    ];
    const uri = await workspace.openNew(lines.join("\n"), { stem: "headless-test" });
    const below = '9:15-9:16 MF002 unknown step "b" in workflow "w"';
    try {
      assert.deepEqual((await workspace.client.waitForDiagnostics(uri, 1)).map(said), [below]);
      let version = await workspace.client.change(uri, [
        { range: { start: { line: 5, character: 0 }, end: { line: 6, character: 0 } }, text: "" },
      ]);
      assert.deepEqual((await workspace.client.waitForDiagnostics(uri, version)).map(said), [
        '6:3-6:11 MF001 `workflow` is a test\'s property: expected `test "<name>" {` above it',
        below.replace(/9:/g, "8:"),
      ]);
      // The line typed again above the body, one key at a time.
      version = await workspace.client.change(uri, [
        { range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } }, text: "\n" },
      ]);
      await workspace.client.waitForDiagnostics(uri, version);
      for (let typed = 1; typed <= header.length; typed++) {
        const at = { line: 5, character: typed - 1 };
        version = await workspace.client.change(uri, [
          { range: { start: at, end: at }, text: header[typed - 1]! },
        ]);
        const published = (await workspace.client.waitForDiagnostics(uri, version)).map(said);
        assert.deepEqual(
          published.filter((d) => !d.startsWith("6:")),
          [below],
          header.slice(0, typed),
        );
        assert.ok(published.length <= 2, `${header.slice(0, typed)}: ${published.join(" | ")}`);
      }
    } finally {
      await workspace.client.closeDocument(uri);
    }
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
    const uri = await workspace.openNew(text, { stem: "keywordless" });
    try {
      await workspace.client.waitForDiagnostics(uri, 1);
      const version = await workspace.client.change(uri, [
        { range: { start: { line: 2, character: 2 }, end: { line: 2, character: 7 } }, text: "" },
      ]);
      const diagnostics = await workspace.client.waitForDiagnostics(uri, version);
      assert.deepEqual(diagnostics.map(said), [
        "3:3-3:8 MF001 expected `step` before `build`: a step's header is `step build {`",
      ]);
      const actions = await workspace.client.request<CodeAction[]>("textDocument/codeAction", {
        textDocument: { uri },
        range: diagnostics[0]!.range,
        context: { diagnostics: [diagnostics[0]] },
      });
      assert.deepEqual(
        actions.map((action) => [action.title, action.edit?.changes?.[uri]]),
        [["Change to `step build`", [{ range: diagnostics[0]!.range, newText: "step build" }]]],
      );
      const symbols = await workspace.client.request<DocumentSymbol[]>(
        "textDocument/documentSymbol",
        { textDocument: { uri } },
      );
      assert.deepEqual(
        symbols
          .flatMap((d) => (d.children ?? []).filter((c) => !c.name.includes(":")))
          .map((c) => c.name),
        ["stamp", "build", "ship"],
      );
    } finally {
      await workspace.client.closeDocument(uri);
    }
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
    const uri = await workspace.openNew(text, { stem: "command-keywordless" });
    try {
      assert.deepEqual(await workspace.client.waitForDiagnostics(uri, 1), []);
      let version = await workspace.client.change(uri, [
        { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 8 } }, text: "" },
      ]);
      const diagnostics = await workspace.client.waitForDiagnostics(uri, version);
      assert.deepEqual(diagnostics.map(said), [
        "1:1-1:7 MF001 expected `command` before `upload`: a command's header is `command upload(...) {`",
      ]);
      const actions = await workspace.client.request<CodeAction[]>("textDocument/codeAction", {
        textDocument: { uri },
        range: diagnostics[0]!.range,
        context: { diagnostics: [diagnostics[0]] },
      });
      assert.deepEqual(
        actions.map((action) => [action.title, action.edit?.changes?.[uri]]),
        [
          [
            "Change to `command upload`",
            [{ range: diagnostics[0]!.range, newText: "command upload" }],
          ],
        ],
      );
      // Typed again key by key: `cupload(` … `commandupload(` name another command (its
      // callers' `upload` unknown), but the body's `target` stays its parameter throughout.
      for (let typed = 1; typed <= "command ".length; typed++) {
        const at = { line: 0, character: typed - 1 };
        version = await workspace.client.change(uri, [
          { range: { start: at, end: at }, text: "command "[typed - 1]! },
        ]);
        const published = (await workspace.client.waitForDiagnostics(uri, version)).map(said);
        const partial = "command ".slice(0, typed);
        assert.deepEqual(
          published.filter((d) => d.includes("MF008")),
          [],
          partial,
        );
        if (typed === "command ".length) assert.deepEqual(published, [], partial);
      }
    } finally {
      await workspace.client.closeDocument(uri);
    }
  });

  it("a workflow's header typed again, key by key, above its body: its body's errors and colours stay at each key", async () => {
    const body = ["  step notes {", '    run: "echo notes"', "    retires: 3", "  }", "}", ""];
    const header = "workflow release {";
    const legend = (
      workspace.init.capabilities.semanticTokensProvider as { legend: SemanticTokensLegend }
    ).legend;
    const uri = await workspace.openNew(["", ...body].join("\n"), { stem: "workflow-retyped" });
    /** The semantic tokens of the body's lines (below line 1). */
    const bodyTokens = async (): Promise<string[]> => {
      const tokens = await workspace.client.request<SemanticTokens>(
        "textDocument/semanticTokens/full",
        { textDocument: { uri } },
      );
      return decodeSemanticTokens(tokens, legend)
        .filter(([line]) => line > 0)
        .map((token) => JSON.stringify(token));
    };
    try {
      await workspace.client.waitForDiagnostics(uri, 1);
      const seen: [string, string[], string[]][] = [];
      for (let typed = 1; typed <= header.length; typed++) {
        const at = { line: 0, character: typed - 1 };
        const version = await workspace.client.change(uri, [
          { range: { start: at, end: at }, text: header[typed - 1]! },
        ]);
        const published = (await workspace.client.waitForDiagnostics(uri, version)).map(said);
        seen.push([
          header.slice(0, typed),
          published.filter((d) => !d.startsWith("1:")),
          await bodyTokens(),
        ]);
      }
      const typedWhole = seen.at(-1)!;
      assert.deepEqual(typedWhole[1], [RETIRES.replace(/9:/g, "4:")]);
      assert.ok(typedWhole[2].length >= 4, typedWhole[2].join(" "));
      for (const [partial, below, tokens] of seen) {
        assert.deepEqual(below, typedWhole[1], partial);
        assert.deepEqual(tokens, typedWhole[2], partial);
      }
    } finally {
      await workspace.client.closeDocument(uri);
    }
  });

  it("a command's header typed again, key by key, above its body: the body's errors stay at each key, its hovers once named", async () => {
    const body = ['  run: "echo up"', "  retires: 3", "}", ""];
    const header = "command upload(target: string) {";
    const retires =
      '3:3-3:10 MF009 unknown property "retires" of a command; a command accepts description, run, rollback, timeout, rollback_timeout';
    const uri = await workspace.openNew(["", ...body].join("\n"), { stem: "command-retyped" });
    try {
      await workspace.client.waitForDiagnostics(uri, 1);
      for (let typed = 1; typed <= header.length; typed++) {
        const partial = header.slice(0, typed);
        const at = { line: 0, character: typed - 1 };
        const version = await workspace.client.change(uri, [
          { range: { start: at, end: at }, text: header[typed - 1]! },
        ]);
        const published = (await workspace.client.waitForDiagnostics(uri, version)).map(said);
        assert.deepEqual(
          published.filter((d) => !d.startsWith("1:")),
          [retires],
          partial,
        );
        if (!/^command \w/.test(partial)) continue;
        // `run` on line 2: the command's property, as soon as the command has a name.
        const hover = await workspace.client.request<{ contents: { value: string } } | null>(
          "textDocument/hover",
          { textDocument: { uri }, position: { line: 1, character: 3 } },
        );
        assert.match(hover?.contents.value ?? "", /\(command property\)/, partial);
      }
    } finally {
      await workspace.client.closeDocument(uri);
    }
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
    const uri = await workspace.openNew(text, { stem: "quoted" });
    try {
      await workspace.client.waitForDiagnostics(uri, 1);
      for (let typed = 1; typed <= 3; typed++) {
        const at = { line: 2, character: 9 + typed - 1 };
        const version = await workspace.client.change(uri, [
          { range: { start: at, end: at }, text: '"' },
        ]);
        const published = (await workspace.client.waitForDiagnostics(uri, version)).map(said);
        // `"` and `""` are strings of their own line; `"""` opens one that nothing closes.
        const first =
          typed === 1
            ? '3:10-3:11 MF001 unterminated string: add a closing `"`'
            : typed === 3
              ? '3:10-3:13 MF001 unterminated multi-line string: add a closing `"""`'
              : undefined;
        assert.deepEqual(published, first ? [first, retires] : [retires], `${typed} quotes`);
        const symbols = await workspace.client.request<DocumentSymbol[]>(
          "textDocument/documentSymbol",
          { textDocument: { uri } },
        );
        assert.deepEqual(
          symbols
            .flatMap((d) => (d.children ?? []).filter((c) => !c.name.includes(":")))
            .map((c) => c.name),
          ["build", "test", "ship"],
          `${typed} quotes`,
        );
      }
    } finally {
      await workspace.client.closeDocument(uri);
    }
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
    const uri = await workspace.openNew(text, { stem: "reopened" });
    try {
      const first = (await workspace.client.waitForDiagnostics(uri, 1)).map(said);
      assert.deepEqual(first, [opens("3:9-3:9"), retires], "no quote yet");
      for (let typed = 1; typed <= 3; typed++) {
        const at = { line: 2, character: 9 + typed - 1 };
        const version = await workspace.client.change(uri, [
          { range: { start: at, end: at }, text: '"' },
        ]);
        const published = (await workspace.client.waitForDiagnostics(uri, version)).map(said);
        const expected = typed === 3 ? [retires] : [opens(`3:10-3:${10 + typed}`), retires];
        assert.deepEqual(published, expected, `${typed} quotes`);
        const symbols = await workspace.client.request<DocumentSymbol[]>(
          "textDocument/documentSymbol",
          { textDocument: { uri } },
        );
        assert.deepEqual(
          symbols.flatMap((d) => (d.children ?? []).map((c) => c.name)),
          ["build", "ship"],
          `${typed} quotes`,
        );
      }
    } finally {
      await workspace.client.closeDocument(uri);
    }
  });

  it("`command c(` above its body: the `)` missing on its line, the workflow below as it is", async () => {
    const text = `command c(\n  run: "echo hi"\n}\n${workflow("run: c()")}`;
    assert.deepEqual(await seen(text), {
      diagnostics: [
        "1:10-1:11 MF001 expected `)` to close the parameters of command `c` opened at 1:10",
        RETIRES.replace(/9:/g, "11:"),
      ],
      steps: ["w/build", "w/ship"],
    });
  });

  it("`ru` as `run` is typed: one error, and `run` its quick fix", async () => {
    const text = ["workflow w {", "  step build {", "    ru", "  }", "}", ""].join("\n");
    await workspace.withScratch(text, async (uri) => {
      const diagnostics = await workspace.client.waitForDiagnostics(uri, 1);
      assert.deepEqual(diagnostics.map(said), [
        '2:8-2:13 MF014 step "build" has no "run" property (the action to perform)',
        "3:5-3:7 MF001 expected `:` and a value after `ru`; did you mean `run`?",
      ]);
      const actions = await workspace.client.request<CodeAction[]>("textDocument/codeAction", {
        textDocument: { uri },
        range: diagnostics[1]!.range,
        context: { diagnostics: [diagnostics[1]] },
      });
      assert.deepEqual(
        actions.map((action) => [action.title, action.edit?.changes?.[uri]]),
        [["Change to `run`", [{ range: diagnostics[1]!.range, newText: "run" }]]],
      );
    });
  });

  it("a step's header typed again, key by key, above its body: each version's errors on that line only", async () => {
    const body = ['    run: "echo ${p}"', "    timeout: 5m", "  }"];
    const text = (header: string): string =>
      [
        "workflow w {",
        '  param p: string = "x"',
        `  ${header}`,
        ...body,
        "  step ship {",
        "    needs: build",
        '    run: "echo ship"',
        "  }",
        "}",
        "",
      ].join("\n");
    const header = "step build {";
    const uri = await workspace.openNew(text(""), { stem: "retyped" });
    try {
      await workspace.client.waitForDiagnostics(uri, 1);
      for (let typed = 1; typed <= header.length; typed++) {
        const change: TextDocumentContentChangeEvent = {
          range: {
            start: { line: 2, character: 2 + typed - 1 },
            end: { line: 2, character: 2 + typed - 1 },
          },
          text: header[typed - 1]!,
        };
        const version = await workspace.client.change(uri, [change]);
        const published = (await workspace.client.waitForDiagnostics(uri, version)).map(said);
        const partial = header.slice(0, typed);
        // `ship` needs `build`, unknown until its id is typed whole: said on line 8, nothing else below line 3.
        const below = published.filter((d) => !d.startsWith("3:"));
        assert.deepEqual(
          below.map((d) => d.replace(/; did you mean .*/, "")),
          partial.startsWith("step build")
            ? []
            : ['8:12-8:17 MF002 unknown step "build" in workflow "w"'],
          partial,
        );
        assert.ok(
          published.filter((d) => d.startsWith("3:")).length <= (partial === header ? 0 : 1),
          `${partial}: ${published.join(" | ")}`,
        );
      }
    } finally {
      await workspace.client.closeDocument(uri);
    }
  });
});
