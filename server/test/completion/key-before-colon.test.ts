import assert from "node:assert/strict";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { CompletionItem, Diagnostic, TextEdit } from "vscode-languageserver-protocol";
import { snippetPlainText } from "../../src/completion/item-builder";
import { marked } from "../support/text-position";
import { GREET_AND_RELEASE_LIB } from "../support/greet-command";
import { useWorkspaceSession } from "../support/workspace-session";

/**
 * Retyping the name of a `name: value` pair — a property, a call's argument,
 * a key of a test's `params` — keeps its `:` and value: the word is replaced
 * (double-click, type, pick), so a completion there writes the name alone,
 * not a second `name: ` before the `: value` already there. Each offered
 * item, applied as the editor applies it, must leave a file without a
 * syntax error.
 */

const LIB = GREET_AND_RELEASE_LIB;

/** Texts with the cursor `|` in a name typed again before its `:`. */
const RETYPED: Readonly<Record<string, string>> = {
  "a step's property": 'workflow w {\n  step a {\n    r|: "echo hi"\n    rollback: none\n  }\n}\n',
  "a property, the rest of its old name after the cursor":
    'workflow w {\n  step a {\n    ru|n: "echo hi"\n    rollback: none\n  }\n}\n',
  "a property whose name was deleted":
    'workflow w {\n  step a {\n    |: "echo hi"\n    rollback: none\n  }\n}\n',
  "a property whose name was deleted, below a word value":
    'workflow w {\n  step a {\n    output: json\n    |: "echo hi"\n    rollback: none\n  }\n}\n',
  "a workflow's property, spaces before the colon":
    'workflow w {\n  d|  : "x"\n  step a {\n    run: "echo"\n    rollback: none\n  }\n}\n',
  "a test's property":
    'workflow w {\n  step a {\n    run: "echo"\n    rollback: none\n  }\n}\ntest "t" {\n  w|: w\n}\n',
  "a command's argument":
    'import "./lib.momoflow"\nworkflow w {\n  step a {\n    run: greet(n|: "x")\n  }\n}\n',
  "a called workflow's argument":
    'import "./lib.momoflow"\nworkflow w {\n  step a {\n    run: workflow release(p|: "x")\n  }\n}\n',
  "a key of a test's params":
    'import "./lib.momoflow"\ntest "t" {\n  workflow: release\n  params: { p|: "x" }\n}\n',
};

describe("language server: completing a name retyped before its `:` (real LSP over stdio)", function () {
  this.timeout(60_000);
  const workspace = useWorkspaceSession({
    prefix: "momoflow-key-before-colon-",
    files: { "lib.momoflow": LIB },
  });

  /** `text` with `item` applied as an editor applies it (a snippet's tab stops left empty). */
  function applied(text: string, item: CompletionItem): string {
    const edit = item.textEdit as TextEdit;
    const newText = item.insertTextFormat === 2 ? snippetPlainText(edit.newText) : edit.newText;
    return TextDocument.applyEdits(TextDocument.create("file:///x", "momoflow", 1, text), [
      { range: edit.range, newText },
    ]);
  }

  /** `text` with the word at `offset` (a name, maybe empty) replaced by `name`. */
  function renamed(text: string, offset: number, name: string): string {
    let start = offset;
    let end = offset;
    while (start > 0 && /\w/.test(text[start - 1]!)) start--;
    while (end < text.length && /\w/.test(text[end]!)) end++;
    return text.slice(0, start) + name + text.slice(end);
  }

  for (const [place, text] of Object.entries(RETYPED)) {
    it(`writes the name alone over the word in ${place}, so the pair stays one pair`, async () => {
      const items = await workspace.completionAtMark("retyped.momoflow", text);
      assert.ok(items.length > 0, "names are offered");
      const opened = marked(text).text;
      for (const item of items)
        assert.equal(applied(opened, item), renamed(opened, text.indexOf("|"), item.label));
    });
  }

  it("leaves the pair checking clean once a name is picked", async () => {
    const text = RETYPED["a step's property"]!;
    const items = await workspace.completionAtMark("retyped.momoflow", text);
    const run = items.find((i) => i.label === "run");
    assert.ok(run, "run is offered");
    const after = applied(marked(text).text, run);
    await workspace.withScratch(
      after,
      async (uri) =>
        assert.deepEqual(
          (await workspace.client.waitForDiagnostics(uri, 1)).map((d: Diagnostic) => d.message),
          [],
        ),
      { stem: "applied" },
    );
  });

  it("reads a word value above a `:` that lost its name as the value, and says the name is missing", async () => {
    for (const value of ["output: json", "rollback: none", "needs: b"]) {
      const text = `workflow w {\n  step a {\n    ${value}\n    : "echo hi"\n  }\n  step b { run: "x" rollback: none }\n}\n`;
      const said = await workspace.withScratch(
        text,
        async (uri) =>
          (await workspace.client.waitForDiagnostics(uri, 1))
            .filter((d: Diagnostic) => d.code === "MF001" || d.code === "MF009")
            .map((d) => `${d.range.start.line}:${d.range.start.character} ${String(d.message)}`),
        { stem: "nameless" },
      );
      assert.deepEqual(said, ["3:4 unexpected `:`: expected a property name"], value);
    }
  });

  it("still writes `name: ` where no colon follows", async () => {
    const items = await workspace.completionAtMark(
      "fresh.momoflow",
      "workflow w {\n  step a {\n    r|\n    rollback: none\n  }\n}\n",
    );
    const run = items.find((i) => i.label === "run");
    assert.equal((run?.textEdit as TextEdit | undefined)?.newText, "run: $0");
  });
});
