import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { openInEditor, waitFor } from "../support/workspace";

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
});
