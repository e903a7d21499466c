import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { codeLenses, openInEditor, waitFor } from "../support/workspace";

describe("the metrics webview", () => {
  it("opens from its command as a momoflow.metrics webview tab", async () => {
    const document = await openInEditor("report.momoflow");
    await vscode.commands.executeCommand("momoflow.openMetrics", {
      uri: document.uri,
      workflow: "weekly_report",
    });
    const tab = await waitFor("the metrics panel's tab", () =>
      vscode.window.tabGroups.all
        .flatMap((group) => group.tabs)
        .find(
          (t) =>
            t.input instanceof vscode.TabInputWebview &&
            t.input.viewType.includes("momoflow.metrics"),
        ),
    );
    assert.match(tab.label, /weekly_report|momoflow/i);
  });

  it("the Graph CodeLens shows the same panel", async () => {
    const document = await openInEditor("report.momoflow");
    const lenses = await codeLenses(document.uri);
    const graph = lenses.find((l) => l.command?.title === "Graph");
    assert.ok(graph?.command);
    await vscode.commands.executeCommand(graph.command.command, ...(graph.command.arguments ?? []));
    const tabs = vscode.window.tabGroups.all
      .flatMap((group) => group.tabs)
      .filter(
        (t) =>
          t.input instanceof vscode.TabInputWebview &&
          t.input.viewType.includes("momoflow.metrics"),
      );
    assert.equal(tabs.length, 1, "one metrics panel, shown again rather than opened twice");
  });
});
