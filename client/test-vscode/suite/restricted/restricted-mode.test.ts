import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import type { CommandOutcome } from "../../../src/run/run-controller";
import {
  codeLensTitles,
  codeOf,
  diagnosticsOf,
  extensionApi,
  openInEditor,
  waitFor,
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
});
