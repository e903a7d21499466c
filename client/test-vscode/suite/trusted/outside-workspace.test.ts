import * as assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as vscode from "vscode";
import { extensionApi, lineOf, runToEnd, waitFor } from "../support/workspace";

describe("a workflow file outside the workspace", () => {
  let folder: string;
  let document: vscode.TextDocument;

  before(async () => {
    folder = mkdtempSync(join(tmpdir(), "momoflow-outside-"));
    const file = join(folder, "alone.momoflow");
    writeFileSync(file, 'workflow alone {\n  step hello {\n    run: "echo hello"\n  }\n}\n');
    document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(document, { preview: false });
  });

  after(async () => {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand("workbench.action.closeActiveEditor");
    rmSync(folder, { recursive: true, force: true });
  });

  it("runs from the lens in its own folder; the status bar says the run succeeded, as its record does", async () => {
    assert.equal(await runToEnd(document.uri, "alone"), 0, "the run's exit code");
    const api = await extensionApi();
    const figures = await waitFor("the step's figures", () =>
      api.inlineMetrics!.shown(document.uri).get(lineOf(document, "step hello")),
    );
    assert.match(figures, /^✓ success/);
    // The task's end is reported from the run record in the file's folder, where the run went.
    const statusBar = api.services.statusBar as unknown as { text: string };
    await waitFor(
      `the status bar to say alone succeeded (it says "${statusBar.text}")`,
      () => (/\$\(pass\)\s*alone/.test(statusBar.text) ? true : undefined),
      10_000,
    );
  });
});
