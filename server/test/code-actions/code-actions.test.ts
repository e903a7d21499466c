import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { CodeAction, Diagnostic, Range, TextEdit } from "vscode-languageserver-protocol";
import { LanguageWorkspace, TYPE_NAMES } from "@momoflow/language";
import { useWorkspaceSession } from "../support/workspace-session";

const fixtures = resolve(__dirname, "../../../test-fixtures");

/** The text with one action's edits applied (every edit must be for `uri`). */
function applied(text: string, uri: string, action: CodeAction): string {
  const changes = action.edit?.changes ?? {};
  assert.deepEqual(Object.keys(changes), [uri], `${action.title} edits only its document`);
  const document = TextDocument.create(uri, "momoflow", 1, text);
  return TextDocument.applyEdits(document, changes[uri] as TextEdit[]);
}

/** The codes and messages a fresh check finds in `text`. */
function checked(text: string, path: string): string[] {
  const workspace = new LanguageWorkspace();
  workspace.setText(path, text);
  return workspace.check(path).diagnostics.map((d) => `${d.code} ${d.message}`);
}

const at = (line: number, character: number, endCharacter: number): Range => ({
  start: { line, character },
  end: { line, character: endCharacter },
});

describe("language server: code actions (quick fixes over stdio)", function () {
  this.timeout(30_000);
  const workspace = useWorkspaceSession({ prefix: "momoflow-actions-" });

  let opened = 0;
  /** Opens `text` as a new document; its URI, path and first diagnostics. */
  async function open(text: string, name = `doc${++opened}.momoflow`) {
    const { uri, diagnostics } = await workspace.openChecked(name, text);
    return { uri, path: workspace.path(name), diagnostics };
  }

  /** The actions for one diagnostic, as an editor asks: at its range, with it in the context. */
  function actionsFor(uri: string, diagnostic: Diagnostic, only?: string[]): Promise<CodeAction[]> {
    return workspace.client.request<CodeAction[]>("textDocument/codeAction", {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], ...(only ? { only } : {}) },
    });
  }

  /**
   * Opens `before`, applies the first action for its MF012 at `range` (its
   * first diagnostic's range when none is given), which must be titled
   * `title`, and checks what it gives: `expected`, and no problem left.
   */
  async function removesUnused(before: string, title: string, expected: string, range?: Range) {
    const { uri, path, diagnostics } = await open(before);
    const [remove] = await actionsFor(
      uri,
      find(diagnostics, "MF012", range ?? diagnostics[0]!.range),
    );
    assert.equal(remove!.title, title);
    const after = applied(before, uri, remove!);
    assert.equal(after, expected);
    assert.deepEqual(checked(after, path), []);
  }

  function find(diagnostics: Diagnostic[], code: string, range: Range): Diagnostic {
    const found = diagnostics.find(
      (d) => d.code === code && JSON.stringify(d.range) === JSON.stringify(range),
    );
    assert.ok(found, `${code} at ${JSON.stringify(range)} in ${JSON.stringify(diagnostics)}`);
    return found;
  }

  it("advertises quick fixes and fix-all", () => {
    assert.deepEqual(workspace.init.capabilities.codeActionProvider, {
      codeActionKinds: ["quickfix", "source.fixAll.momoflow"],
      resolveProvider: false,
    });
  });

  it('offers "Change to" for each suggestion of MF002, MF005, MF006, MF008 and MF009, the nearest preferred', async () => {
    const cases: [string, string, Range, string, string][] = [
      ["mf002-unknown-step.momoflow", "MF002", at(5, 12, 17), "build", "needs: [build]"],
      ["mf002-unknown-step.momoflow", "MF002", at(7, 23, 27), "build", "${steps.build.output}"],
      ["mf002-unknown-step.momoflow", "MF002", at(14, 8, 14), "publish", "fail: publish"],
      ["mf005-unknown-command.momoflow", "MF005", at(2, 9, 19), "create_file", "create_file("],
      ["mf005-unknown-command.momoflow", "MF005", at(13, 12, 16), "files", "workflow: files"],
      ["mf006-arguments.momoflow", "MF006", at(12, 15, 18), "name", 'greet(name: "Ada")'],
      ["mf008-undefined.momoflow", "MF008", at(2, 21, 26), "target", '"build/${target}"'],
      ["mf008-undefined.momoflow", "MF008", at(8, 10, 16), "target", "when: target =="],
      ["mf009-unknown-property.momoflow", "MF009", at(1, 2, 12), "concurrency", "concurrency: 2"],
      ["mf009-unknown-property.momoflow", "MF009", at(5, 4, 9), "retries", "retries: 2"],
    ];
    for (const [fixture, code, range, name, expected] of cases) {
      const text = readFileSync(join(fixtures, "invalid", fixture), "utf8");
      const { uri, diagnostics } = await open(text);
      const diagnostic = find(diagnostics, code, range);
      const actions = await actionsFor(uri, diagnostic);
      // A read step's rename also makes the reader need it (read-step-rename.ts): its title says so.
      const change = actions.find((a) => a.title.startsWith(`Change to \`${name}\``));
      assert.ok(change, `${fixture} ${code}: ${actions.map((a) => a.title).join(" | ")}`);
      assert.equal(change.kind, "quickfix");
      assert.equal(change.isPreferred, true);
      assert.deepEqual(change.diagnostics, [diagnostic]);
      const after = applied(text, uri, change);
      assert.ok(after.includes(expected), `${fixture}: ${expected} in\n${after}`);
      assert.equal(after.split("\n").length, text.split("\n").length);
    }
  });

  it("offers before a `/` of a test's step path only steps that call a workflow, so each fix checks clean", async () => {
    const text = readFileSync(join(fixtures, "invalid", "mf002-test-step-paths.momoflow"), "utf8");
    const { uri, path, diagnostics } = await open(text);
    // `expect step relase/bump`: "prepare" is near too, but calls no workflow.
    const diagnostic = find(diagnostics, "MF002", at(42, 14, 20));
    const actions = await actionsFor(uri, diagnostic, ["quickfix"]);
    assert.deepEqual(
      actions.map((a) => a.title),
      ["Change to `release`"],
    );
    const before = checked(text, path).filter((d) => d.startsWith("MF002"));
    const after = checked(applied(text, uri, actions[0]!), path).filter((d) =>
      d.startsWith("MF002"),
    );
    assert.equal(after.length, before.length - 1, after.join("\n"));
  });

  it("tells a workflow called as a command how a step calls it, and the fix writes `workflow`", async () => {
    const text = [
      "workflow part {",
      "  param name: string",
      '  step mk { run: "echo ${name}" rollback: none }',
      "}",
      "workflow main {",
      '  step a { run: part(name: "x") }',
      '  step b { needs: a run: "true" rollback: part(name: "y") }',
      "}",
      "",
    ].join("\n");
    const { uri, path, diagnostics } = await open(text);
    const inRun = find(diagnostics, "MF005", at(5, 16, 20));
    assert.equal(
      inRun.message,
      '"part" is a workflow, not a command: a step calls it with `run: workflow part(...)`',
    );
    const inRollback = find(diagnostics, "MF005", at(6, 42, 46));
    assert.match(String(inRollback.message), /only the "run" of a step can call a workflow/);
    assert.deepEqual(await actionsFor(uri, inRollback, ["quickfix"]), []);
    const [fix, ...others] = await actionsFor(uri, inRun, ["quickfix"]);
    assert.equal(fix?.title, "Change to `workflow part`");
    assert.deepEqual(others, []);
    const after = applied(text, uri, fix!);
    assert.ok(after.includes('step a { run: workflow part(name: "x") }'), after);
    assert.deepEqual(
      checked(after, path).filter((d) => !d.includes('only the "run"')),
      [],
    );
  });

  it('offers "Change to" for MF007 on a type name, a status and an output format, as the reference says', async () => {
    const text = [
      "workflow w {",
      '  param p: strng = "a"',
      "  step s {",
      '    run: "echo ${p}"',
      "    output: jsn",
      "    rollback: none",
      "  }",
      "  step t {",
      "    needs: s",
      "    when: steps.s.status == sucess",
      '    run: "echo t"',
      "    rollback: none",
      "  }",
      "}",
      'test "statuses" {',
      "  workflow: w",
      "  expect status == rolled_bak",
      '  expect step s == "sucess"',
      "}",
      "",
    ].join("\n");
    const { uri, diagnostics } = await open(text);
    const cases: [Range, string, string][] = [
      [at(1, 11, 16), "string", "param p: string ="],
      [at(4, 12, 15), "json", "output: json"],
      [at(9, 28, 34), "success", "steps.s.status == success"],
      [at(16, 19, 29), "rolled_back", "expect status == rolled_back"],
      [at(17, 19, 27), "success", "expect step s == success"],
    ];
    for (const [range, name, expected] of cases) {
      const diagnostic = find(diagnostics, "MF007", range);
      const actions = await actionsFor(uri, diagnostic);
      const change = actions.find((a) => a.title === `Change to \`${name}\``);
      assert.ok(change, `${expected}: ${actions.map((a) => a.title).join(" | ")}`);
      assert.equal(change.isPreferred, true);
      const after = applied(text, uri, change);
      assert.ok(after.includes(expected), `${expected} in\n${after}`);
    }
  });

  it("lists every suggestion, nearest first, only the nearest preferred", async () => {
    const text = [
      "workflow w {",
      '  step bat { run: "x" }',
      '  step cat { run: "x" }',
      "  step go {",
      "    needs: mat",
      '    run: "x"',
      "  }",
      "}",
      "",
    ].join("\n");
    const { uri, diagnostics } = await open(text);
    const actions = await actionsFor(uri, find(diagnostics, "MF002", at(4, 11, 14)));
    assert.deepEqual(
      actions.map((a) => [a.title, a.isPreferred ?? false]),
      [
        ["Change to `bat`", true],
        ["Change to `cat`", false],
        ["Create step `mat`", false],
      ],
    );
  });

  it("adds missing arguments after the given ones, with placeholders by type", async () => {
    const text = readFileSync(join(fixtures, "invalid", "mf006-arguments.momoflow"), "utf8");
    const { uri, path, diagnostics } = await open(text);
    const missing = find(diagnostics, "MF006", at(8, 9, 18));
    const [action, ...others] = await actionsFor(uri, missing);
    assert.equal(others.length, 0);
    assert.equal(action!.title, "Add missing argument `destination`");
    assert.equal(action!.isPreferred, true);
    const after = applied(text, uri, action!);
    assert.ok(after.includes('run: copy_file(source: who, destination: "path")'), after);
    // A path placeholder is no empty string, which is no path (MF007).
    const problems = checked(after, path);
    assert.ok(!problems.some((m) => m.includes('"copy_file" is missing')), problems.join("\n"));
    assert.ok(!problems.some((m) => m.startsWith("MF007")), problems.join("\n"));

    // `nme` is a typo of the missing `name`: the fix is its rename, not a second argument.
    const nameMissing = find(diagnostics, "MF006", at(12, 9, 14));
    const typo = find(diagnostics, "MF006", at(12, 15, 18));
    const [rename, ...more] = await workspace.client.request<CodeAction[]>(
      "textDocument/codeAction",
      {
        textDocument: { uri },
        range: at(12, 9, 18),
        context: { diagnostics: [nameMissing, typo] },
      },
    );
    assert.equal(more.length, 0, JSON.stringify(more));
    assert.equal(rename!.title, "Change `nme` to `name`");
    assert.equal(rename!.isPreferred, true);
    assert.deepEqual(rename!.diagnostics, [nameMissing, typo]);
    assert.ok(applied(text, uri, rename!).includes('greet(name: "Ada")'));
  });

  it("inserts missing arguments in parameter order, one per line in a multi-line call", async () => {
    const text = [
      'command tune(level: int, loud: bool, pause: duration, size: size, tags: list, note: string = "") {',
      '  run: "echo ${level} ${loud} ${pause} ${size} ${tags} ${note}"',
      "}",
      "workflow w {",
      "  step a {",
      "    run: create_file(",
      '      content: "x",',
      "    )",
      "  }",
      "  step b {",
      '    run: tune(note: "n", loud: true)',
      "  }",
      "  step c {",
      "    run: sleep()",
      "  }",
      "  step d {",
      "    run: tune(",
      "      loud: true",
      "    )",
      "  }",
      "}",
      "",
    ].join("\n");
    const { uri, path, diagnostics } = await open(text);
    const fix = async (range: Range): Promise<string> => {
      const actions = await actionsFor(uri, find(diagnostics, "MF006", range));
      assert.equal(actions.length, 1, JSON.stringify(actions));
      return applied(text, uri, actions[0]!);
    };

    const a = await fix(at(5, 9, 20));
    assert.ok(a.includes('create_file(\n      path: "path",\n      content: "x",\n    )'), a);

    const b = await fix(at(10, 9, 13));
    assert.ok(
      b.includes('tune(level: 0, note: "n", loud: true, pause: 1s, size: 1MB, tags: [])'),
      b,
    );
    const tuneMissing = (t: string): number =>
      checked(t, path).filter((m) => m.startsWith('MF006 "tune" is missing')).length;
    assert.equal(tuneMissing(text), 2);
    assert.equal(tuneMissing(b), 1, "step d still misses its arguments");

    assert.ok((await fix(at(13, 9, 14))).includes("run: sleep(duration: 1s)"));

    const d = await fix(at(16, 9, 13));
    assert.ok(
      d.includes(
        "tune(\n      level: 0,\n      loud: true,\n      pause: 1s,\n      size: 1MB,\n      tags: []\n    )",
      ),
      d,
    );
  });

  it("writes a value of each parameter's type, which the server then checks without MF006 or MF007", async () => {
    for (const type of TYPE_NAMES) {
      const text = [
        `command take(value: ${type}) {`,
        '  run: "echo taken"',
        "}",
        "workflow w {",
        `  param given: ${type}`,
        "  step s {",
        "    run: take()",
        "  }",
        "}",
        'test "t" {',
        "  workflow: w",
        "}",
        "",
      ].join("\n");
      const { uri, diagnostics } = await open(text);
      const fixedBy = async (found: Diagnostic[], range: Range, before: string) => {
        const [action, ...others] = await actionsFor(uri, find(found, "MF006", range));
        assert.equal(others.length, 0, `${type}: ${JSON.stringify(others)}`);
        const after = applied(before, uri, action!);
        // Asked of the server: the edited text as the next version of the document.
        const version = await workspace.client.change(uri, [{ text: after }]);
        const problems = await workspace.client.waitForDiagnostics(uri, version);
        return { after, problems };
      };
      const call = await fixedBy(diagnostics, at(6, 9, 13), text);
      const codes = (problems: Diagnostic[]) => problems.map((d) => `${d.code} ${d.message}`);
      assert.ok(
        !codes(call.problems).some((c) => /^MF00[67] /.test(c) && c.includes("take")),
        `${type}:\n${call.after}\n${codes(call.problems).join("\n")}`,
      );
      assert.ok(
        !codes(call.problems).some((c) => c.startsWith("MF007")),
        `${type}: ${codes(call.problems).join("\n")}`,
      );
      const test = await fixedBy(call.problems, at(9, 5, 8), call.after);
      assert.ok(test.after.includes("  params: { given: "), test.after);
      assert.deepEqual(
        codes(test.problems).filter((c) => /^MF00[67] /.test(c)),
        [],
        `${type}:\n${test.after}`,
      );
    }
  });

  it("adds a test's missing params: into its params map, or as a new params property", async () => {
    const text = readFileSync(join(fixtures, "invalid", "mf006-arguments.momoflow"), "utf8");
    const { uri, path, diagnostics } = await open(text);
    const [action] = await actionsFor(uri, find(diagnostics, "MF006", at(18, 5, 20)));
    assert.equal(action!.title, "Add missing param `who`");
    const after = applied(text, uri, action!);
    assert.ok(after.endsWith('  workflow: greetings\n  params: { who: "" }\n}\n'), after);
    assert.ok(checked(after, path).every((m) => !m.includes("needs param")));

    const withMap = [
      "workflow w {",
      "  param a: string",
      "  param b: int",
      "  param c: bool",
      '  step s { run: "echo ${a} ${b} ${c}" }',
      "}",
      'test "t" {',
      "  workflow: w",
      "  params: { b: 1 }",
      "}",
      'test "u" {',
      "  workflow: w",
      "  params: {}",
      "}",
      "",
    ].join("\n");
    const second = await open(withMap);
    const [intoMap] = await actionsFor(second.uri, find(second.diagnostics, "MF006", at(8, 2, 8)));
    assert.equal(intoMap!.title, "Add missing params `a`, `c`");
    assert.ok(applied(withMap, second.uri, intoMap!).includes('params: { a: "", b: 1, c: false }'));
    const [intoEmpty] = await actionsFor(
      second.uri,
      find(second.diagnostics, "MF006", at(12, 2, 8)),
    );
    assert.ok(
      applied(withMap, second.uri, intoEmpty!).includes('params: { a: "", b: 0, c: false }'),
    );
  });

  it('offers "Change to `&&`" for `and` (`||` for `or`, `!` for `not`), so the condition checks clean', async () => {
    const before = [
      "workflow w {",
      "  param a: bool = true",
      "  param b: bool = false",
      "  step s {",
      "    when: not a and b or a",
      '    run: log(message: "x")',
      "  }",
      "}",
      "",
    ].join("\n");
    let text = before;
    for (const [word, operator] of [
      ["not", "!"],
      ["and", "&&"],
      ["or", "||"],
    ]) {
      const { uri, path, diagnostics } = await open(text);
      const diagnostic = diagnostics.find((d) => String(d.message).includes(`for \`${word}\``))!;
      const [change] = await actionsFor(uri, diagnostic);
      assert.equal(change!.title, `Change to \`${operator}\``);
      text = applied(text, uri, change!);
      assert.equal(checked(text, path).length, diagnostics.length - 1, text);
    }
    assert.equal(text, before.replace("not a and b or a", "! a && b || a"));
  });

  it("offers to leave the shell's own expansion to the shell (`\\${SKIP:-none}`), so the file checks clean", async () => {
    const before = [
      "workflow w {",
      "  step s {",
      '    run: """',
      "      echo ${SKIP:-none}",
      '    """',
      "    rollback: none",
      "  }",
      "}",
      "",
    ].join("\n");
    const { uri, path, diagnostics } = await open(before);
    const diagnostic = diagnostics.find((d) => String(d.message).includes("the shell's own"))!;
    const [change] = await actionsFor(uri, diagnostic);
    assert.equal(change!.title, "Change to `\\${SKIP:-none}`");
    const text = applied(before, uri, change!);
    assert.equal(text, before.replace("${SKIP:-none}", "\\${SKIP:-none}"));
    assert.deepEqual(checked(text, path), []);
  });

  it("offers to read a name written as an environment variable (`${HOME}`) from the run's environment: `${env.HOME}`", async () => {
    const before = [
      "workflow w {",
      '  step s { run: "echo ${HOME}" rollback: none }',
      "}",
      "",
    ].join("\n");
    const { uri, path, diagnostics } = await open(before);
    const [change] = await actionsFor(uri, find(diagnostics, "MF008", at(1, 24, 28)));
    assert.equal(change!.title, "Change to `env.HOME`");
    const text = applied(before, uri, change!);
    assert.equal(text, before.replace("${HOME}", "${env.HOME}"));
    assert.deepEqual(checked(text, path), []);
  });

  it("removes an unused param or var with its whole line and doc comment", async () => {
    const text = readFileSync(join(fixtures, "invalid", "mf012-unused.momoflow"), "utf8");
    const { uri, diagnostics } = await open(text);
    const [removeParam] = await actionsFor(uri, find(diagnostics, "MF012", at(2, 8, 14)));
    assert.equal(removeParam!.title, "Remove unused param `unused`");
    assert.equal(removeParam!.isPreferred, undefined);
    const lines = text.split("\n");
    assert.equal(
      applied(text, uri, removeParam!),
      [...lines.slice(0, 2), ...lines.slice(3)].join("\n"),
    );
    const [removeVar] = await actionsFor(uri, find(diagnostics, "MF012", at(4, 6, 11)));
    assert.equal(removeVar!.title, "Remove unused var `spare`");
    assert.equal(
      applied(text, uri, removeVar!),
      [...lines.slice(0, 4), ...lines.slice(5)].join("\n"),
    );

    const documented = [
      "workflow w {",
      "  /// Where to go.",
      '  param target: string = "a" // not yet',
      "",
      '  step s { run: "echo" }',
      "}",
      "",
    ].join("\n");
    await removesUnused(
      documented,
      "Remove unused param `target`",
      'workflow w {\n  step s { run: "echo" }\n}\n',
    );
    await removesUnused(
      'workflow w { param x: int = 1 step s { run: "echo" } }\n',
      "Remove unused param `x`",
      'workflow w { step s { run: "echo" } }\n',
    );
  });

  it("removes an unused param with the values the file's tests and calls give it, so the file still checks clean", async () => {
    const before = [
      "workflow w {",
      '  param region: string = "eu"',
      "  param replicas: int = 1",
      '  step s { run: log(message: "${replicas}") }',
      "}",
      "",
      "workflow caller {",
      '  step c { run: workflow w(replicas: 2, region: "us") }',
      '  step d { run: workflow w(region: "us") }',
      "}",
      "",
      'test "one" {',
      "  workflow: w",
      '  params: { region: "us", replicas: 1 }',
      "}",
      "",
      'test "two" {',
      "  workflow: w",
      "  params: {",
      "    replicas: 3,",
      '    region: "it",',
      "  }",
      "}",
      "",
      'test "three" {',
      "  workflow: w",
      '  params: { region: "x" }',
      "}",
      "",
      'test "other workflow" {',
      "  workflow: caller",
      "}",
      "",
    ].join("\r\n");
    const expected = [
      "workflow w {",
      "  param replicas: int = 1",
      '  step s { run: log(message: "${replicas}") }',
      "}",
      "",
      "workflow caller {",
      "  step c { run: workflow w(replicas: 2) }",
      "  step d { run: workflow w() }",
      "}",
      "",
      'test "one" {',
      "  workflow: w",
      "  params: { replicas: 1 }",
      "}",
      "",
      'test "two" {',
      "  workflow: w",
      "  params: {",
      "    replicas: 3,",
      "  }",
      "}",
      "",
      'test "three" {',
      "  workflow: w",
      "  params: {}",
      "}",
      "",
      'test "other workflow" {',
      "  workflow: caller",
      "}",
      "",
    ].join("\r\n");
    await removesUnused(before, "Remove unused param `region`", expected, at(1, 8, 14));
  });

  it("removes an unused param's values in the files that import its workflow too, not in a workflow of theirs with its name", async () => {
    const lib = [
      "workflow deploy {",
      '  param region: string = "eu"',
      '  step s { run: log(message: "deploy") }',
      "}",
      "",
    ].join("\n");
    const importer = [
      'import "./lib-unused.momoflow"',
      "",
      "workflow ship {",
      '  step d { run: workflow deploy(region: "us") }',
      "}",
      "",
      'test "deploys" {',
      "  workflow: deploy",
      '  params: { region: "it" }',
      "}",
      "",
    ].join("\n");
    // Its own `deploy`: a call of it is not one of the library's.
    const shadowing = [
      "workflow deploy {",
      '  param region: string = "eu"',
      "  step s { run: log(message: region) }",
      "}",
      "",
      "workflow again {",
      '  step d { run: workflow deploy(region: "us") }',
      "}",
      "",
    ].join("\n");
    // Written on disk, as another editor would save them (the editor's watcher tells the server).
    for (const [name, text] of [
      ["lib-unused.momoflow", lib],
      ["uses-lib.momoflow", importer],
      ["own-deploy.momoflow", shadowing],
    ] as const) {
      writeFileSync(workspace.path(name), text);
      await workspace.client.fileChanged(workspace.uri(name), 1);
    }
    const { uri, diagnostics } = await open(lib, "lib-unused.momoflow");
    const [remove] = await actionsFor(uri, find(diagnostics, "MF012", at(1, 8, 14)));
    assert.equal(remove!.title, "Remove unused param `region`");
    const changes = remove!.edit?.changes ?? {};
    const importerUri = workspace.uri("uses-lib.momoflow");
    assert.deepEqual(Object.keys(changes).sort(), [importerUri, uri].sort());
    const edited = (text: string, at: string) =>
      TextDocument.applyEdits(TextDocument.create(at, "momoflow", 1, text), changes[at]!);
    const libAfter = edited(lib, uri);
    const importerAfter = edited(importer, importerUri);
    assert.equal(
      importerAfter,
      importer.replace('deploy(region: "us")', "deploy()").replace('{ region: "it" }', "{}"),
    );
    const workspaceAfter = new LanguageWorkspace();
    workspaceAfter.setText(workspace.path("lib-unused.momoflow"), libAfter);
    workspaceAfter.setText(workspace.path("uses-lib.momoflow"), importerAfter);
    assert.deepEqual(
      workspaceAfter
        .check(workspace.path("uses-lib.momoflow"))
        .diagnostics.map((d) => `${d.code} ${d.message}`),
      [],
    );
  });

  it("removes an unused param that shares its line with its doc, and one right after `{` without a trailing space", async () => {
    const cases: [string, string][] = [
      [
        'workflow w {\n  /// Unused.\n  param x: int = 1 step s { run: "echo" }\n}\n',
        'workflow w {\n  step s { run: "echo" }\n}\n',
      ],
      [
        'workflow w { param x: int = 1\n  step s { run: "echo" }\n}\n',
        'workflow w {\n  step s { run: "echo" }\n}\n',
      ],
    ];
    for (const [before, expected] of cases)
      await removesUnused(before, "Remove unused param `x`", expected);
  });

  it("creates a missing step before the step that needs it, indented like its siblings", async () => {
    const text = [
      "workflow w {",
      "    step a {",
      '        run: "echo a"',
      "    }",
      "",
      "    /// Ships it.",
      "    step ship {",
      "        needs: [a, deploy]",
      '        run: "echo ship"',
      "    }",
      "}",
      "",
    ].join("\n");
    const { uri, path, diagnostics } = await open(text);
    const actions = await actionsFor(uri, find(diagnostics, "MF002", at(7, 19, 25)));
    assert.deepEqual(
      actions.map((a) => a.title),
      ["Create step `deploy`"],
    );
    const after = applied(text, uri, actions[0]!);
    assert.equal(
      after,
      [
        "workflow w {",
        "    step a {",
        '        run: "echo a"',
        "    }",
        "",
        "    step deploy {",
        '        run: ""',
        "        rollback: none",
        "    }",
        "",
        "    /// Ships it.",
        "    step ship {",
        "        needs: [a, deploy]",
        '        run: "echo ship"',
        "    }",
        "}",
        "",
      ].join("\n"),
    );
    assert.deepEqual(checked(after, path), []);
  });

  it("adds the step whose output or status a step reads to its needs (MF010), so it checks clean", async () => {
    const text = [
      "workflow w {",
      '  step a { run: "echo a" }',
      '  step b { run: "echo b" }',
      "  step list {",
      "    needs: [a]",
      '    run: "echo ${steps.b.output}"',
      "  }",
      "  step single {",
      "    needs: a",
      "    when: steps.b.status == success",
      '    run: "echo"',
      "  }",
      "  step none {",
      '    run: "echo ${steps.a.output}"',
      "  }",
      '  step inline { run: "echo ${steps.b.output}" }',
      "  step empty {",
      "    needs: []",
      '    run: "echo ${steps.a.output} ${steps.b.output}"',
      "  }",
      "}",
      "",
    ].join("\n");
    const { uri, path, diagnostics } = await open(text);
    const cases: [Range, string, string][] = [
      [at(5, 17, 31), "Add `b` to the needs of `list`", "    needs: [a, b]"],
      [at(9, 10, 24), "Add `b` to the needs of `single`", "    needs: [a, b]"],
      [
        at(13, 17, 31),
        "Add `a` to the needs of `none`",
        '  step none {\n    needs: a\n    run: "echo ${steps.a.output}"',
      ],
      [
        at(15, 29, 43),
        "Add `b` to the needs of `inline`",
        '  step inline { needs: b run: "echo ${steps.b.output}" }',
      ],
      [at(18, 17, 31), "Add `a` to the needs of `empty`", "    needs: [a]"],
    ];
    for (const [range, title, expected] of cases) {
      const actions = await actionsFor(uri, find(diagnostics, "MF010", range));
      assert.deepEqual(
        actions.map((a) => a.title),
        [title],
      );
      assert.equal(actions[0]!.isPreferred, true);
      const after = applied(text, uri, actions[0]!);
      assert.ok(after.includes(expected), after);
      const fixed = checked(after, path).filter((m) => m.startsWith("MF010"));
      assert.equal(fixed.length, diagnostics.filter((d) => d.code === "MF010").length - 1, title);
    }
    // A step that needs the reader already would make a cycle: no fix then.
    const cycle = [
      "workflow w {",
      "  step a {",
      "    needs: b",
      '    run: "echo"',
      "  }",
      '  step b { run: "echo ${steps.a.output}" }',
      "}",
      "",
    ].join("\n");
    const opened = await open(cycle);
    assert.deepEqual(
      await actionsFor(opened.uri, find(opened.diagnostics, "MF010", at(5, 24, 38))),
      [],
    );
  });

  it("reads a secret whose value is written in the file from the environment instead (MF016)", async () => {
    const text = [
      'command push(api_token: secret = "s3cr3t") {',
      '  run: "push ${api_token}"',
      "}",
      "workflow w {",
      '  param token: secret = "abc"',
      '  step a { run: "echo ${token}" }',
      "  step b { run: push() }",
      "}",
      "",
    ].join("\n");
    const { uri, path, diagnostics } = await open(text);
    const cases: [Range, string, string][] = [
      [
        at(0, 33, 41),
        "Read `api_token` from the environment: `env.API_TOKEN`",
        "command push(api_token: secret = env.API_TOKEN) {",
      ],
      [
        at(4, 24, 29),
        "Read `token` from the environment: `env.TOKEN`",
        "  param token: secret = env.TOKEN",
      ],
    ];
    for (const [range, title, line] of cases) {
      const actions = await actionsFor(uri, find(diagnostics, "MF016", range));
      assert.deepEqual(
        actions.map((a) => a.title),
        [title],
      );
      const after = applied(text, uri, actions[0]!);
      assert.ok(after.split("\n").includes(line), after);
      assert.equal(checked(after, path).filter((m) => m.startsWith("MF016")).length, 1);
    }
  });

  it("keeps CRLF line breaks", async () => {
    const text =
      'workflow w {\r\n  param p: int = 1\r\n  step s {\r\n    needs: x\r\n    run: "e"\r\n  }\r\n}\r\n';
    const { uri, diagnostics } = await open(text);
    const [create] = await actionsFor(uri, find(diagnostics, "MF002", at(3, 11, 12)));
    assert.equal(
      applied(text, uri, create!),
      'workflow w {\r\n  param p: int = 1\r\n  step x {\r\n    run: ""\r\n    rollback: none\r\n  }\r\n  step s {\r\n    needs: x\r\n    run: "e"\r\n  }\r\n}\r\n',
    );
    const [remove] = await actionsFor(uri, find(diagnostics, "MF012", at(1, 8, 9)));
    assert.equal(
      applied(text, uri, remove!),
      'workflow w {\r\n  step s {\r\n    needs: x\r\n    run: "e"\r\n  }\r\n}\r\n',
    );
  });

  it("never returns edits for the ranges of an older version", async () => {
    const text =
      'workflow w {\n  step build { run: "x" }\n  step a {\n    needs: biuld\n    run: "x"\n  }\n}\n';
    const { uri, diagnostics } = await open(text);
    const old = find(diagnostics, "MF002", at(3, 11, 16));
    // Two lines above: the old range now points into a comment.
    const prefix = "// one\n// two biuld and more\n";
    await workspace.client.change(uri, [{ range: at(0, 0, 0), text: prefix }]);
    const current = prefix + text;
    const actions = await actionsFor(uri, old);
    for (const action of actions) {
      const after = applied(current, uri, action);
      assert.ok(after.startsWith(prefix), `comment untouched by ${action.title}`);
    }
    // Asked where the diagnostic now is, with the stale one: fixes for the current text.
    const moved = await workspace.client.request<CodeAction[]>("textDocument/codeAction", {
      textDocument: { uri },
      range: at(5, 11, 16),
      context: { diagnostics: [old] },
    });
    assert.deepEqual(
      moved.map((a) => a.title),
      ["Change to `build`", "Create step `biuld`"],
    );
    assert.ok(applied(current, uri, moved[0]!).includes("    needs: build\n"));
    assert.deepEqual(moved[0]!.diagnostics?.[0]?.range, at(5, 11, 16));
  });

  it("answers only the kinds asked for; fix-all renames every unambiguous typo", async () => {
    const text = readFileSync(join(fixtures, "invalid", "mf008-undefined.momoflow"), "utf8");
    const { uri, diagnostics } = await open(text);
    const diagnostic = find(diagnostics, "MF008", at(2, 21, 26));
    assert.deepEqual(await actionsFor(uri, diagnostic, ["refactor"]), []);
    assert.equal((await actionsFor(uri, diagnostic, ["quickfix"])).length, 1);
    const [fixAll, ...rest] = await actionsFor(uri, diagnostic, ["source.fixAll"]);
    assert.equal(rest.length, 0);
    assert.equal(fixAll!.kind, "source.fixAll.momoflow");
    const after = applied(text, uri, fixAll!);
    assert.ok(after.includes('"build/${target}"') && after.includes("when: target =="));
    assert.ok(after.includes('"echo ${text}"'));
  });

  it("answers empty for documents it does not have and for requests without context", async () => {
    const unknown = await workspace.client.request<CodeAction[]>("textDocument/codeAction", {
      textDocument: { uri: workspace.uri("nowhere.momoflow") },
      range: at(0, 0, 0),
      context: { diagnostics: [] },
    });
    assert.deepEqual(unknown, []);
    const { uri } = await open('workflow w { param p: int = 1 step s { run: "x" } }\n');
    const noContext = await workspace.client.request<CodeAction[]>("textDocument/codeAction", {
      textDocument: { uri },
      range: at(0, 19, 19),
    });
    assert.deepEqual(
      noContext.map((a) => a.title),
      ["Remove unused param `p`"],
    );
  });
});

describe("language server: quick fixes as snippets, for an editor that takes snippet edits", function () {
  this.timeout(30_000);
  const workspace = useWorkspaceSession({
    prefix: "momoflow-snippet-actions-",
    clientCapabilities: {
      workspace: { workspaceEdit: { documentChanges: true, snippetEditSupport: true } },
    },
  });

  /** The only action for the diagnostic of `code` at `range`, asked as an editor asks. */
  async function onlyAction(uri: string, diagnostics: Diagnostic[], code: string, range: Range) {
    const diagnostic = diagnostics.find(
      (d) => d.code === code && JSON.stringify(d.range) === JSON.stringify(range),
    );
    assert.ok(diagnostic, `${code} at ${JSON.stringify(range)} in ${JSON.stringify(diagnostics)}`);
    const actions = await workspace.client.request<CodeAction[]>("textDocument/codeAction", {
      textDocument: { uri },
      range,
      context: { diagnostics: [diagnostic] },
    });
    assert.equal(actions.length, 1, JSON.stringify(actions));
    return actions[0]!;
  }

  /** The snippets of a snippet edit for version 1 of `uri`. */
  function snippetsOf(action: CodeAction, uri: string): string[] {
    assert.equal(action.edit?.changes, undefined);
    const [change, ...others] = action.edit?.documentChanges ?? [];
    assert.equal(others.length, 0);
    assert.ok(change && "textDocument" in change, JSON.stringify(action.edit));
    assert.deepEqual(change.textDocument, { uri, version: 1 });
    return change.edits.map((edit) => {
      assert.ok("snippet" in edit, JSON.stringify(edit));
      assert.equal(edit.snippet.kind, "snippet");
      return edit.snippet.value;
    });
  }

  it("puts a tab stop on each placeholder of the missing arguments, in document order", async () => {
    const text = [
      "command tune(level: int, where: path, loud: bool, note: string, tags: map) {",
      '  run: "echo ${level} ${where} ${loud} ${note}"',
      "}",
      "workflow w {",
      "  step s {",
      "    run: tune(loud: true)",
      "  }",
      "}",
      "",
    ].join("\n");
    const { uri, diagnostics } = await workspace.openChecked("tune.momoflow", text);
    const action = await onlyAction(uri, diagnostics, "MF006", at(5, 9, 13));
    assert.equal(action.title, "Add missing arguments `level`, `where`, `note`, `tags`");
    assert.deepEqual(snippetsOf(action, uri), [
      'level: ${1:0}, where: "${2:path}", ',
      ', note: "$3", tags: ${4:{\\}}',
    ]);
  });

  it("escapes what a snippet would read as syntax, puts tab stops in a created step, and keeps plain edits for fixes without placeholders", async () => {
    const text = [
      "workflow w {",
      "  param a: string",
      "  param b: int",
      '  step s { run: "echo ${a} ${b}" }',
      "}",
      'test "t" {',
      "  workflow: w",
      "}",
      "",
    ].join("\n");
    const { uri, diagnostics } = await workspace.openChecked("params.momoflow", text);
    const params = await onlyAction(uri, diagnostics, "MF006", at(5, 5, 8));
    assert.deepEqual(snippetsOf(params, uri), ['  params: { a: "$1", b: ${2:0} \\}\n']);

    const typo =
      'workflow v {\n  step build { run: "x" }\n  step t {\n    needs: [biuld]\n    run: "y"\n  }\n}\n';
    const second = await workspace.openChecked("typo.momoflow", typo);
    const diagnostic = second.diagnostics.find((d) => d.code === "MF002")!;
    const actions = await workspace.client.request<CodeAction[]>("textDocument/codeAction", {
      textDocument: { uri: second.uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
    const change = actions.find((a) => a.title === "Change to `build`");
    assert.ok(change?.edit?.changes?.[second.uri], JSON.stringify(actions));
    // The new step: a tab stop on its command, and on the `none` to replace by its undo.
    const create = actions.find((a) => a.title === "Create step `biuld`");
    assert.deepEqual(snippetsOf(create!, second.uri), [
      '  step biuld {\n    run: "$1"\n    rollback: ${2:none}\n  }\n',
    ]);
  });
});
