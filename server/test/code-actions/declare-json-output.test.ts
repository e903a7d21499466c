import assert from "node:assert/strict";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { TextEdit } from "vscode-languageserver-protocol";
import { useWorkspaceSession } from "../support/workspace-session";

/**
 * A field or the items of a text output (MF008, MF017) say to declare
 * `output: json` on the step: the quick fix does it, over a real LSP
 * connection.
 */
describe("language server: the quick fix that declares `output: json` on a step read as JSON", function () {
  this.timeout(30_000);
  const workspace = useWorkspaceSession({ prefix: "momoflow-json-output-" });

  async function declareFix(text: string, code: string): Promise<string | undefined> {
    const { uri, actions } = await workspace.actionsOnDiagnostic(
      `doc${Math.random()}.momoflow`,
      text,
      code,
    );
    const fix = actions.find((a) => a.title.startsWith("Declare `output: json`"));
    if (!fix) return undefined;
    assert.equal(fix.title, "Declare `output: json` on step `stats`");
    const document = TextDocument.create(uri, "momoflow", 1, text);
    const fixed = TextDocument.applyEdits(document, fix.edit!.changes![uri] as TextEdit[]);
    const again = await workspace.openChecked(`fixed${Math.random()}.momoflow`, fixed);
    assert.deepEqual(again.diagnostics, [], fixed);
    return fixed;
  }

  const READER = `  step report {
    needs: stats
    run: "echo \${steps.stats.output.mean}"
    rollback: none
  }
`;

  it("adds `output: json` as the step's last property, for a field read", async () => {
    const text = `workflow w {\n  step stats {\n    run: "echo '{}'"\n    rollback: none\n  }\n${READER}}\n`;
    assert.equal(
      await declareFix(text, "MF008"),
      text.replace(
        "rollback: none\n  }\n  step report",
        "rollback: none\n    output: json\n  }\n  step report",
      ),
    );
  });

  it("changes `output: text` to json, and adds it in a one-line step, for the items of a fan-out", async () => {
    const fanOut = `  step each {\n    needs: stats\n    for_each: x in steps.stats.output\n    run: "echo \${x}"\n    rollback: none\n  }\n`;
    const text = `workflow w {\n  step stats {\n    output: text\n    run: "echo []"\n    rollback: none\n  }\n${fanOut}}\n`;
    assert.equal(await declareFix(text, "MF017"), text.replace("output: text", "output: json"));
    const oneLine = `workflow w {\n  step stats { run: "echo []" rollback: none }\n${fanOut}}\n`;
    assert.equal(
      await declareFix(oneLine, "MF017"),
      oneLine.replace("rollback: none }", "rollback: none output: json }"),
    );
  });

  it("offers nothing where the output is a called workflow's", async () => {
    const text = `workflow sub {\n  step last {\n    run: "echo '{}'"\n    rollback: none\n  }\n}\nworkflow w {\n  step stats {\n    run: workflow sub()\n  }\n${READER}}\n`;
    assert.equal(await declareFix(text, "MF008"), undefined);
  });
});
