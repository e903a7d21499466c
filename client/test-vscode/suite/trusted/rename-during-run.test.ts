import * as assert from "node:assert/strict";
import { existsSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import * as vscode from "vscode";
import type { CommandOutcome } from "../../../src/run/run-controller";
import {
  closeAllEditors,
  codeLensTitles,
  momoflowTaskEnd,
  waitFor,
  workspaceFile,
} from "../support/workspace";

/** A step that runs until the test creates `rename-gate` in the workspace folder. */
const WORKFLOW = [
  "workflow renamed_run {",
  "  step wait {",
  '    run: "while [ ! -e rename-gate ]; do sleep 0.1; done"',
  "  }",
  "}",
  "",
].join("\n");

describe("renaming a workflow file while it runs", () => {
  const before = workspaceFile("before-rename.momoflow");
  const after = workspaceFile("after-rename.momoflow");

  afterEach(async () => {
    writeFileSync(workspaceFile("rename-gate").fsPath, "");
    await closeAllEditors();
    for (const file of [before, after, workspaceFile("rename-gate")])
      rmSync(file.fsPath, { force: true });
  });

  it("the renamed file's lens says Running… and a second run from it is refused until the run ends", async () => {
    writeFileSync(before.fsPath, WORKFLOW);
    await vscode.window.showTextDocument(before, { preview: false });
    const exitCode = momoflowTaskEnd("run", "renamed_run");
    const started = await vscode.commands.executeCommand<CommandOutcome>("momoflow.runWorkflow", {
      uri: before,
      workflow: "renamed_run",
    });
    assert.equal(started.status, "started", JSON.stringify(started));
    await waitFor("the Running… lens", async () =>
      (await codeLensTitles(before)).some((t) => t.includes("Running…")) ? true : undefined,
    );
    // The CLI has read the file once its run is recorded (renamed before, it finds no file).
    const runs = workspaceFile(".momoflow/runs").fsPath;
    await waitFor("the run's record", () =>
      existsSync(runs) && readdirSync(runs).some((name) => name.includes("-renamed_run-"))
        ? true
        : undefined,
    );

    // As the Explorer renames a file.
    const edit = new vscode.WorkspaceEdit();
    edit.renameFile(before, after);
    assert.ok(await vscode.workspace.applyEdit(edit), "the file was renamed");
    await waitFor(
      "the renamed file's lens to say Running…",
      async () =>
        (await codeLensTitles(after)).some((t) => t.includes("Running…")) ? true : undefined,
      10_000,
    );
    const again = await vscode.commands.executeCommand<CommandOutcome>("momoflow.runWorkflow", {
      uri: after,
      workflow: "renamed_run",
    });
    assert.equal(again.status, "refused", JSON.stringify(again));

    writeFileSync(workspaceFile("rename-gate").fsPath, "");
    assert.equal(await exitCode, 0, "the run's exit code");
    await waitFor("the ▶ Run lens once it ended", async () =>
      (await codeLensTitles(after)).includes("▶ Run") ? true : undefined,
    );
  });
});
