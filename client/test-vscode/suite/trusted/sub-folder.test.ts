import * as assert from "node:assert/strict";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";
import {
  codeLensTitles,
  extensionApi,
  lineOf,
  openInEditor,
  runToEnd,
  waitFor,
  workspaceFile,
} from "../support/workspace";

describe("a workflow file in a sub-folder of the workspace", () => {
  const folder = workspaceFile("nested/deeper").fsPath;
  let document: vscode.TextDocument;

  before(async () => {
    mkdirSync(folder, { recursive: true });
    // Read by a relative path: the file's folder is its working directory, as `momoflow run` takes it.
    writeFileSync(join(folder, "here.txt"), "beside the workflow\n");
    writeFileSync(
      join(folder, "site.momoflow"),
      'workflow site {\n  step read {\n    run: "cat here.txt"\n    rollback: none\n  }\n  step make {\n    needs: read\n    run: create_file(path: "made.txt", content: "x")\n  }\n}\n',
    );
    document = await openInEditor("nested/deeper/site.momoflow");
  });

  after(async () => {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand("workbench.action.closeActiveEditor");
    rmSync(workspaceFile("nested").fsPath, { recursive: true, force: true });
  });

  it("runs from ▶ Run in its own folder, as momoflow run <file> does, and shows that run's figures and ↶ Rollback", async () => {
    assert.equal(await runToEnd(document.uri, "site"), 0, "the run's exit code");
    assert.ok(existsSync(join(folder, "made.txt")), "made.txt is made beside the file");
    assert.ok(
      existsSync(join(folder, ".momoflow", "runs", "latest")),
      "the run is recorded beside the file, where momoflow rollback <file> looks",
    );
    const api = await extensionApi();
    const figures = await waitFor("the step's figures", () =>
      api.inlineMetrics!.shown(document.uri).get(lineOf(document, "step read")),
    );
    assert.match(figures, /^✓ success/);
    await waitFor("the ↶ Rollback lens", async () =>
      (await codeLensTitles(document.uri)).includes("↶ Rollback") ? true : undefined,
    );
  });
});
