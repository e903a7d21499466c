import assert from "node:assert/strict";
import { TextDocument } from "vscode-languageserver-textdocument";
import type {
  CodeAction,
  Diagnostic,
  Location,
  TextEdit,
  WorkspaceEdit,
} from "vscode-languageserver-protocol";
import { at } from "../support/text-position";
import { useWorkspaceSession } from "../support/workspace-session";

/**
 * A call of an imported workflow written with dashes, as YAML and Nextflow
 * users write names (`run: workflow do-thing(my-arg: "b")`), is read as
 * the call of `do_thing` it can only be: over a real LSP connection it goes
 * to the imported declaration, is renamed with it, and its quick fixes
 * leave a file that checks clean.
 */
describe("language server: a dashed call of an imported workflow (real LSP over stdio)", function () {
  this.timeout(30_000);
  const LIB = [
    "workflow do_thing {",
    '  param my_arg: string = "a"',
    '  step go { run: "echo did ${my_arg}" rollback: none }',
    "}",
    "",
  ].join("\n");
  const MAIN = [
    'import "./lib.momoflow"',
    "",
    "workflow main {",
    "  step call_it {",
    '    run: workflow do-thing(my-arg: "b")',
    "  }",
    "}",
    "",
  ].join("\n");
  const workspace = useWorkspaceSession({
    prefix: "momoflow-dashed-call-",
    files: { "lib.momoflow": LIB, "main.momoflow": MAIN },
  });
  let lib = "";
  let main = "";
  let diagnostics: Diagnostic[] = [];

  before(async () => {
    lib = await workspace.open("lib.momoflow");
    const opened = await workspace.openChecked("main.momoflow");
    main = opened.uri;
    diagnostics = opened.diagnostics;
  });

  it("says each dashed name once, and nothing else", () => {
    assert.deepEqual(
      diagnostics.map(
        (d) => `${d.range.start.line}:${d.range.start.character} ${d.code} ${d.message}`,
      ),
      [
        "4:18 MF001 a name holds letters, digits and `_`, not `-`: write `do_thing` for `do-thing`",
        "4:27 MF001 a name holds letters, digits and `_`, not `-`: write `my_arg` for `my-arg`",
      ],
    );
  });

  it("goes to the imported workflow and its param", async () => {
    const callee = await workspace.client.request<Location>("textDocument/definition", {
      textDocument: { uri: main },
      position: at(MAIN, "do-thing(", 4),
    });
    assert.equal(callee.uri, lib);
    assert.deepEqual(callee.range.start, at(LIB, "do_thing {"));
    const param = await workspace.client.request<Location>("textDocument/definition", {
      textDocument: { uri: main },
      position: at(MAIN, "my-arg:", 4),
    });
    assert.equal(param.uri, lib);
    assert.deepEqual(param.range.start, at(LIB, "my_arg: string"));
  });

  it("finds the dashed call among the workflow's references, and renames it with the workflow", async () => {
    const refs = await workspace.client.request<Location[]>("textDocument/references", {
      textDocument: { uri: lib },
      position: at(LIB, "do_thing {"),
      context: { includeDeclaration: false },
    });
    assert.deepEqual(
      refs.map((r) => [r.uri, r.range.start, r.range.end]),
      [[main, at(MAIN, "do-thing("), at(MAIN, "do-thing(", 8)]],
    );
    for (const [uri, position] of [
      [lib, at(LIB, "do_thing {")],
      [main, at(MAIN, "do-thing(", 5)],
    ] as const) {
      const edit = await workspace.client.request<WorkspaceEdit>("textDocument/rename", {
        textDocument: { uri },
        position,
        newName: "do_work",
      });
      assert.deepEqual(
        (edit.changes?.[main] ?? []).map((e) => [e.range.start, e.range.end, e.newText]),
        [[at(MAIN, "do-thing("), at(MAIN, "do-thing(", 8), "do_work"]],
      );
      assert.deepEqual(
        (edit.changes?.[lib] ?? []).map((e) => [e.range.start, e.newText]),
        [[at(LIB, "do_thing {"), "do_work"]],
      );
    }
  });

  it("fixes both names, and the file checks clean", async () => {
    let text = MAIN;
    let current = { uri: main, diagnostics };
    for (let n = 0; current.diagnostics.length > 0 && n < 4; n++) {
      const diagnostic = current.diagnostics[0]!;
      const actions = await workspace.client.request<CodeAction[]>("textDocument/codeAction", {
        textDocument: { uri: current.uri },
        range: diagnostic.range,
        context: { diagnostics: [diagnostic] },
      });
      const fix = actions.find((a) => a.isPreferred) ?? actions[0];
      assert.ok(fix?.edit?.changes?.[current.uri], JSON.stringify(actions));
      text = TextDocument.applyEdits(
        TextDocument.create(current.uri, "momoflow", 1, text),
        fix.edit.changes[current.uri] as TextEdit[],
      );
      current = await workspace.openChecked(`fixed${n}.momoflow`, text);
    }
    assert.deepEqual(current.diagnostics, [], text);
    assert.match(text, /run: workflow do_thing\(my_arg: "b"\)/);
  });
});

describe("language server: a call of an imported workflow declared with dashes (real LSP over stdio)", function () {
  this.timeout(30_000);
  const LIB = [
    "workflow do-thing {",
    '  param my_arg: string = "a"',
    '  step go { run: "echo did ${my_arg}" rollback: none }',
    "}",
    "",
  ].join("\n");
  const MAIN = [
    'import "./lib.momoflow"',
    "",
    "workflow main {",
    '  step a { run: workflow do-thing(my_arg: "b") }',
    '  step b { run: workflow do_thing(my_arg: "c") }',
    "}",
    "",
  ].join("\n");
  const workspace = useWorkspaceSession({
    prefix: "momoflow-dashed-callee-",
    files: { "lib.momoflow": LIB, "main.momoflow": MAIN },
  });
  let lib = "";
  let main = "";
  let libDiagnostics: Diagnostic[] = [];
  let mainDiagnostics: Diagnostic[] = [];

  before(async () => {
    const libOpened = await workspace.openChecked("lib.momoflow");
    lib = libOpened.uri;
    libDiagnostics = libOpened.diagnostics;
    const mainOpened = await workspace.openChecked("main.momoflow");
    main = mainOpened.uri;
    mainDiagnostics = mainOpened.diagnostics;
  });

  it("says the dashed name at its declaration, and at the import, not again at the call", () => {
    assert.deepEqual(
      mainDiagnostics.map((d) => `${d.range.start.line}:${d.range.start.character} ${d.code}`),
      ["0:7 MF013"],
    );
  });

  it("goes from either call to the dashed declaration", async () => {
    for (const needle of ["do-thing(", "do_thing("]) {
      const callee = await workspace.client.request<Location>("textDocument/definition", {
        textDocument: { uri: main },
        position: at(MAIN, needle, 4),
      });
      assert.equal(callee.uri, lib, needle);
      assert.deepEqual(callee.range.start, at(LIB, "do-thing {"), needle);
    }
  });

  it("renames the declaration and both calls with its quick fix", async () => {
    const [diagnostic] = libDiagnostics;
    assert.equal(diagnostic?.code, "MF001");
    const actions = await workspace.client.request<CodeAction[]>("textDocument/codeAction", {
      textDocument: { uri: lib },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
    const fix = actions.find((a) => a.title === "Rename `do-thing` to `do_thing`");
    assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
    assert.deepEqual(
      (fix.edit?.changes?.[main] ?? []).map((e) => [e.range.start, e.newText]),
      [
        [at(MAIN, "do-thing("), "do_thing"],
        [at(MAIN, "do_thing("), "do_thing"],
      ],
    );
  });
});
