import assert from "node:assert/strict";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { TextEdit } from "vscode-languageserver-protocol";
import { useWorkspaceSession } from "../support/workspace-session";

/**
 * MF024, an escape of a `"""` shell script most likely written for the
 * shell, is offered its two fixes over a real LSP connection: pass the
 * escape to the shell (the backslash written twice, preferred) or write the
 * character alone; either way the fixed text checks clean.
 */
describe("language server: the quick fixes of an escape meant for the shell (MF024)", function () {
  this.timeout(30_000);
  const workspace = useWorkspaceSession({ prefix: "momoflow-cooked-escape-" });
  let opened = 0;

  const script = (line: string): string =>
    `workflow w {\n  step s {\n    run: """\n      ${line}\n    """\n    rollback: none\n  }\n}\n`;

  /** The titles of MF024's fixes in `text`, and the text each gives (checked clean). */
  async function fixes(
    text: string,
  ): Promise<{ title: string; preferred: boolean; fixed: string }[]> {
    const { uri, diagnostic, actions } = await workspace.actionsOnDiagnostic(
      `doc${++opened}.momoflow`,
      text,
      "MF024",
    );
    assert.equal(diagnostic.severity, 2, "a warning");
    const results = [];
    for (const action of actions) {
      const document = TextDocument.create(uri, "momoflow", 1, text);
      const fixed = TextDocument.applyEdits(document, action.edit!.changes![uri] as TextEdit[]);
      const again = await workspace.openChecked(`fixed${++opened}.momoflow`, fixed);
      assert.deepEqual(again.diagnostics, [], fixed);
      results.push({ title: action.title, preferred: action.isPreferred === true, fixed });
    }
    return results;
  }

  it('offers to pass `\\"` to the shell (preferred) or to write `"` alone', async () => {
    const text = script('echo "a\\"b"');
    assert.deepEqual(await fixes(text), [
      {
        title: 'Pass `\\"` to the shell: write `\\\\"`',
        preferred: true,
        fixed: script('echo "a\\\\"b"'),
      },
      { title: 'Write `"` alone', preferred: false, fixed: script('echo "a"b"') },
    ]);
  });

  it("changes every escape of the script at once, from its one warning", async () => {
    const text = script('echo "a\\"b" "c\\"d" \\$HOME');
    assert.deepEqual(await fixes(text), [
      {
        title: 'Pass all 3 to the shell: write `\\\\"` and `\\\\$`',
        preferred: true,
        fixed: script('echo "a\\\\"b" "c\\\\"d" \\\\$HOME'),
      },
      {
        title: 'Write all 3 as `"` and `$` alone',
        preferred: false,
        fixed: script('echo "a"b" "c"d" $HOME'),
      },
    ]);
  });

  it("offers the same for `\\$` before no `{`", async () => {
    const text = script('awk "{print \\$2}" list.txt');
    assert.deepEqual(
      (await fixes(text)).map((f) => f.fixed),
      [script('awk "{print \\\\$2}" list.txt'), script('awk "{print $2}" list.txt')],
    );
  });
});
