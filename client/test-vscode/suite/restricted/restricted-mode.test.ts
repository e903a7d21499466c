import * as assert from "node:assert/strict";
import { existsSync } from "node:fs";
import * as vscode from "vscode";
import type { CommandOutcome } from "../../../src/run/run-controller";
import {
  codeLensTitles,
  codeOf,
  diagnosticsOf,
  extensionApi,
  openInEditor,
  waitFor,
  workspaceFile,
} from "../support/workspace";

describe("Restricted Mode (an untrusted workspace)", () => {
  it("the workspace is not trusted and the extension is active", async () => {
    await openInEditor("report.momoflow");
    await extensionApi();
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it("language features still work: diagnostics of an invalid file", async () => {
    const document = await openInEditor("broken.momoflow");
    const diagnostics = await diagnosticsOf(document);
    assert.deepEqual(diagnostics.map(codeOf), ["MF002"]);
  });

  it("the CodeLens offers Graph, but not Run, Rollback or Run test", async () => {
    const document = await openInEditor("report.momoflow");
    const titles = await waitFor("the lenses", async () => {
      const found = await codeLensTitles(document.uri);
      return found.length > 0 ? found : undefined;
    });
    assert.deepEqual(titles, ["Graph"]);
  });

  it("the run command refuses, saying why", async () => {
    const document = await openInEditor("report.momoflow");
    const outcome = await vscode.commands.executeCommand<CommandOutcome>("momoflow.runWorkflow", {
      uri: document.uri,
      workflow: "weekly_report",
    });
    assert.equal(outcome.status, "refused");
    assert.match(outcome.status === "refused" ? outcome.reason : "", /Restricted Mode/);
  });

  it("the resume command refuses, saying why", async () => {
    const document = await openInEditor("report.momoflow");
    const outcome = await vscode.commands.executeCommand<CommandOutcome>("momoflow.resumeLastRun", {
      uri: document.uri,
      workflow: "weekly_report",
    });
    assert.equal(outcome.status, "refused");
    assert.match(outcome.status === "refused" ? outcome.reason : "", /Restricted Mode/);
  });

  it("the Testing panel lists the tests, and a run marks each errored with the reason, running nothing", async () => {
    const { testing } = await extensionApi();
    const summary = await testing!.runAll();
    assert.ok(summary.outcomes.length >= 3, JSON.stringify(summary));
    assert.equal(summary.passed + summary.failed, 0);
    for (const outcome of summary.outcomes) {
      assert.equal(outcome.state, "errored");
      assert.match(outcome.messages.join("\n"), /disabled in Restricted Mode/);
    }
  });

  it("the rollback command and the test lens's command refuse, saying why", async () => {
    const document = await openInEditor("report.momoflow");
    const rollback = await vscode.commands.executeCommand<CommandOutcome>(
      "momoflow.rollbackLastRun",
      { uri: document.uri, workflow: "weekly_report", confirm: false },
    );
    assert.equal(rollback.status, "refused");
    const lensTest = await vscode.commands.executeCommand<CommandOutcome>(
      "momoflow.codeLens.runTest",
      { uri: document.uri, test: "the report is published" },
    );
    assert.equal(lensTest.status, "refused");
  });

  // Not "Run Task" (fetchTasks): in Restricted Mode VS Code waits on its own trust prompt.
  it("the benchmarks command starts no task", async () => {
    // Not awaited: in Restricted Mode it waits on its warning (with a trust button).
    void vscode.commands.executeCommand("momoflow.runBenchmarks");
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.deepEqual(
      vscode.tasks.taskExecutions.map((e) => e.task.name),
      [],
      "no task runs",
    );
  });

  it("nothing ran: the workspace has no run records and no benchmark report", () => {
    assert.ok(!existsSync(workspaceFile(".momoflow").fsPath), "no .momoflow folder was made");
  });
});
