import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import type { CommandOutcome } from "../../../src/run/run-controller";
import type { TestRunSummary } from "../../../src/testing/test-runner";
import type { MetricsPanel } from "../../../src/webview/metrics-panel";
import { openInEditor, waitFor } from "../support/workspace";

/** A `momoflow.runtime` that names no file. */
const MISSING_RUNTIME = "/nonexistent/momoflow-runtime/bin/node";

describe("a momoflow.runtime that names no file", () => {
  before(async () => {
    await vscode.workspace
      .getConfiguration("momoflow")
      .update("runtime", MISSING_RUNTIME, vscode.ConfigurationTarget.Workspace);
  });
  after(async () => {
    await vscode.workspace
      .getConfiguration("momoflow")
      .update("runtime", undefined, vscode.ConfigurationTarget.Workspace);
  });

  it("▶ Run refuses to start, naming the setting and the path, instead of a task that cannot start", async () => {
    const document = await openInEditor("report.momoflow");
    const outcome = await vscode.commands.executeCommand<CommandOutcome>("momoflow.runWorkflow", {
      uri: document.uri,
      workflow: "weekly_report",
    });
    assert.equal(outcome.status, "refused", JSON.stringify(outcome));
    assert.match(
      outcome.status === "refused" ? outcome.reason : "",
      /momoflow\.runtime .*\/nonexistent\/momoflow-runtime\/bin\/node.* does not exist/,
    );
  });

  it("▶ Run test says the same at the test", async () => {
    const document = await openInEditor("report.momoflow");
    const summary = await vscode.commands.executeCommand<TestRunSummary>("momoflow.runTest", {
      uri: document.uri,
      test: "the report is published",
    });
    assert.deepEqual(
      summary.outcomes.map((o) => o.state),
      ["errored"],
    );
    assert.match(
      summary.outcomes[0]!.messages.join("\n"),
      /momoflow\.runtime .*\/nonexistent\/momoflow-runtime\/bin\/node.* does not exist/,
    );
  });

  it("the metrics panel's graph says the same as its problem", async () => {
    const document = await openInEditor("report.momoflow");
    const panel = await vscode.commands.executeCommand<MetricsPanel>("momoflow.showGraph", {
      uri: document.uri,
      workflow: "weekly_report",
    });
    const problems = await waitFor("the panel's problems", () =>
      panel.data && panel.data.problems.length > 0 ? panel.data.problems : undefined,
    );
    assert.match(
      problems.join("\n"),
      /^Graph: The setting momoflow\.runtime names \/nonexistent\/momoflow-runtime\/bin\/node, which does not exist/m,
    );
  });
});
