import assert from "node:assert/strict";
import { cpSync, readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { CodeAction, Diagnostic, TextEdit } from "vscode-languageserver-protocol";
import { useWorkspaceSession } from "../support/workspace-session";

const invalid = resolve(__dirname, "../../../test-fixtures/invalid");

/** The kinds of fix the sweep must have applied at least once each (by the start of their titles). */
const KINDS = [
  "Change to",
  "Change `",
  "Add missing argument",
  "Add missing param",
  "Create step",
  "Remove unused param",
  "Remove unused var",
  "Add `",
  "Read `",
  "Add `import",
  "Declare `output: json`",
  "Set the workflow's `concurrency`",
  "Rename `",
  "Move `",
];

/**
 * Broken documents beyond the invalid fixtures, each made for a fix whose
 * result once brought a diagnostic of its own, and holding no other error
 * that a fix could uncover.
 */
const WRITTEN: Readonly<Record<string, string>> = {
  // "Create step": a reversible step needs it, so a step nothing undoes would be MF011.
  "create-before-reversible.momoflow": [
    "workflow w {",
    "  step ship {",
    "    needs: [deploy]",
    '    run: create_file(path: "out.txt", content: "x")',
    "  }",
    "}",
    "",
  ].join("\n"),
  // "Create step" on a one-line workflow, the needing step reads the new step's JSON fields.
  "create-one-line.momoflow": [
    'workflow w { step ship { needs: [probe] run: create_file(path: "${steps.probe.output.name}", content: "x") } }',
    "",
  ].join("\n"),
  // "Change to" a step the reader does not need yet.
  "read-unneeded.momoflow": [
    "workflow w {",
    '  step build { run: "echo b" rollback: none }',
    '  step publish { run: "echo ${steps.bild.output}" rollback: none }',
    "  step announce {",
    "    when: steps.publsh.status == success",
    '    run: "echo done"',
    "    rollback: none",
    "  }",
    "}",
    "",
  ].join("\n"),
  // Syntax with what to write instead, and names meant for the shell or its environment.
  "conditions-and-shell.momoflow": [
    "workflow w {",
    "  param a: bool = true",
    "  param b: bool = false",
    "  step s {",
    "    when: not a and b or a",
    '    run: """',
    "      echo ${SKIP:-none} ${HOME}",
    '    """',
    "    rollback: none",
    "  }",
    "}",
    "",
  ].join("\n"),
  // Comparisons written as JavaScript writes them, and an environment variable's name with a dash.
  "javascript-comparisons.momoflow": [
    "workflow w {",
    '  param a: string = "x"',
    "  param b: int = 1",
    "  step s {",
    "    env: { NODE-ENV: a }",
    '    when: a === "x" && b !== 2',
    '    run: "echo $NODE_ENV"',
    "    rollback: none",
    "  }",
    "}",
    "",
  ].join("\n"),
  // A workflow's param and var written inside a step, with their comments: "Move" each above it.
  "member-in-step.momoflow": [
    "workflow w {",
    "  step s {",
    '    run: "echo ${q} ${v}"',
    "    // copies",
    "    param q: int = 1 // one",
    '    var v = "x"',
    "    rollback: none",
    "  }",
    "}",
    "",
  ].join("\n"),
  // A command another file declares: "Add import".
  "lib/steps.momoflow":
    'command stamp(file: path) {\n  run: create_file(path: file, content: "x")\n}\n',
  "uses-lib.momoflow": 'workflow w {\n  step s { run: stamp(file: "a.txt") }\n}\n',
  // A secret whose variable a called workflow's secret has too (MF023), renamed in this file.
  "secret-variable.momoflow": [
    "workflow release {",
    "  param key: secret",
    '  step upload { run: "echo ${key}" rollback: "echo undo ${key}" }',
    "}",
    "workflow ship {",
    "  param release__key: secret",
    '  step login { run: "echo ${release__key}" rollback: none }',
    "  step release { needs: login run: workflow release(key: steps.login.output) }",
    "}",
    "",
  ].join("\n"),
  // A test param's name misspelt where the workflow needs it.
  "test-param-typo.momoflow": [
    "workflow w {",
    "  param target: string",
    '  step s { run: "echo ${target}" rollback: none }',
    "}",
    'test "t" {',
    "  workflow: w",
    '  params: { taget: "x" }',
    "}",
    "",
  ].join("\n"),
  // "Add missing argument" beside "Change to" for a typo of the missing argument's name.
  "argument-typo.momoflow": [
    'command copy(sample: string, to: path) { run: "cp ${sample} ${to}" rollback: "rm -f ${to}" }',
    "workflow w {",
    '  step s { run: copy(sampel: "a", to: "b") }',
    "}",
    "",
  ].join("\n"),
};

/** A diagnostic as `code message`, which an edit elsewhere in the file does not change. */
const key = (d: Diagnostic): string => `${String(d.code)} ${d.message}`;

/** The diagnostics of `after` that `before` has not (compared as multisets of {@link key}). */
function added(before: readonly Diagnostic[], after: readonly Diagnostic[]): Diagnostic[] {
  const left = before.map(key);
  return after.filter((d) => {
    const at = left.indexOf(key(d));
    if (at < 0) return true;
    left.splice(at, 1);
    return false;
  });
}

/** Where the text that `edits` write lies in the edited document, as offsets. */
function writtenSpans(document: TextDocument, edits: readonly TextEdit[]): [number, number][] {
  const sorted = [...edits].sort(
    (a, b) => document.offsetAt(a.range.start) - document.offsetAt(b.range.start),
  );
  let shift = 0;
  return sorted.map((edit) => {
    const start = document.offsetAt(edit.range.start) + shift;
    shift +=
      edit.newText.length -
      (document.offsetAt(edit.range.end) - document.offsetAt(edit.range.start));
    return [start, start + edit.newText.length];
  });
}

describe("language server: every quick fix, applied, brings no diagnostic of its own", function () {
  this.timeout(120_000);
  const workspace = useWorkspaceSession({
    prefix: "momoflow-fixes-clean-",
    files: WRITTEN,
    prepare: (dir) => cpSync(invalid, dir, { recursive: true }),
  });

  const documents = (): string[] => [
    ...readdirSync(invalid).filter((name) => name.endsWith(".momoflow")),
    ...Object.keys(WRITTEN),
  ];

  it("applies each fix offered on each diagnostic of the broken documents and checks the result again", async () => {
    const failures: string[] = [];
    const titles: string[] = [];
    for (const name of documents()) {
      const { uri, diagnostics } = await workspace.openChecked(name);
      const text = readFileSync(workspace.path(name), "utf8");
      const document = TextDocument.create(uri, "momoflow", 1, text);
      for (const diagnostic of diagnostics) {
        const actions = await workspace.client.request<CodeAction[]>("textDocument/codeAction", {
          textDocument: { uri },
          range: diagnostic.range,
          context: { diagnostics: [diagnostic] },
        });
        for (const action of actions) {
          const changes = action.edit?.changes ?? {};
          // Fixes that edit other files too are checked with those files by their own tests.
          if (Object.keys(changes).some((other) => other !== uri)) continue;
          const edits = (changes[uri] ?? []) as TextEdit[];
          const fixed = TextDocument.applyEdits(document, edits);
          const version = await workspace.client.change(uri, [{ text: fixed }]);
          const after = await workspace.client.waitForDiagnostics(uri, version);
          titles.push(action.title);
          // New ones at the place the fix wrote; one elsewhere in a fixture was hidden by the
          // error fixed (a test's `parameters:` map is read once it is `params:`). The written
          // documents hide nothing: there, nothing new anywhere.
          const edited = TextDocument.create(uri, "momoflow", 2, fixed);
          const spans = writtenSpans(document, edits);
          const here = added(diagnostics, after).filter((d) => {
            const [from, to] = [edited.offsetAt(d.range.start), edited.offsetAt(d.range.end)];
            return name in WRITTEN || spans.some(([start, end]) => from <= end && to >= start);
          });
          if (here.length > 0)
            failures.push(
              `${name}: "${action.title}" on ${key(diagnostic)}\n  brings ${here.map(key).join("\n  brings ")}\n${fixed}`,
            );
          const back = await workspace.client.change(uri, [{ text }]);
          await workspace.client.waitForDiagnostics(uri, back);
        }
      }
      await workspace.client.closeDocument(uri);
    }
    const missed = KINDS.filter((kind) => !titles.some((title) => title.startsWith(kind)));
    assert.deepEqual(missed, [], titles.join("\n"));
    assert.equal(failures.length, 0, failures.join("\n\n"));
  });
});

describe("language server: what the fixes that once brought a diagnostic write now", function () {
  this.timeout(60_000);
  const workspace = useWorkspaceSession({ prefix: "momoflow-fixes-written-", files: WRITTEN });

  /** The text of `name` with the action titled `title` applied, on the first diagnostic at `word`. */
  async function appliedAt(name: string, word: string, title: string): Promise<string> {
    const text = WRITTEN[name]!;
    const { uri, diagnostics } = await workspace.openChecked(name);
    const offset = text.indexOf(word);
    const document = TextDocument.create(uri, "momoflow", 1, text);
    const diagnostic = diagnostics.find((d) => document.offsetAt(d.range.start) === offset);
    assert.ok(diagnostic, `a diagnostic at ${word}: ${JSON.stringify(diagnostics)}`);
    const actions = await workspace.client.request<CodeAction[]>("textDocument/codeAction", {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
    const action = actions.find((a) => a.title === title);
    assert.ok(action, actions.map((a) => a.title).join(" | "));
    await workspace.client.closeDocument(uri);
    return TextDocument.applyEdits(document, action.edit!.changes![uri]!);
  }

  it("creates a step with `rollback: none`, and `output: json` when its fields are read", async () => {
    const after = await appliedAt("create-one-line.momoflow", "probe]", "Create step `probe`");
    assert.ok(
      after.startsWith(
        'workflow w { step probe { run: "" output: json rollback: none } step ship { needs: [probe] ',
      ),
      after,
    );
  });

  it("renames a misspelt step that another step reads and makes the reader need it", async () => {
    const text = WRITTEN["read-unneeded.momoflow"]!;
    const after = await appliedAt(
      "read-unneeded.momoflow",
      "bild",
      "Change to `build` and add it to the needs of `publish`",
    );
    assert.equal(
      after,
      text.replace(
        'step publish { run: "echo ${steps.bild.output}"',
        'step publish { needs: build run: "echo ${steps.build.output}"',
      ),
    );
  });

  it("renames an argument that is a typo of a missing one, and adds nothing beside it", async () => {
    const text = WRITTEN["argument-typo.momoflow"]!;
    const after = await appliedAt(
      "argument-typo.momoflow",
      "copy(sampel",
      "Change `sampel` to `sample`",
    );
    assert.equal(after, text.replace("sampel:", "sample:"));
  });
});
