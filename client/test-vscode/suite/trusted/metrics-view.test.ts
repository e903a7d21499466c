import * as assert from "node:assert/strict";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";
import type { MetricsPanel } from "../../../src/webview/metrics-panel";
import {
  codeLenses,
  codeLensTitles,
  momoflowTaskEnd,
  openInEditor,
  positionOf,
  waitFor,
  workspaceFile,
} from "../support/workspace";

/** The label of the metrics panel's tab, once it is `expected`. */
function metricsTabLabel(expected: string): Promise<string> {
  return waitFor(
    `the metrics panel's tab to read "${expected}"`,
    () =>
      vscode.window.tabGroups.all
        .flatMap((group) => group.tabs)
        .find(
          (t) =>
            t.input instanceof vscode.TabInputWebview &&
            t.input.viewType.includes("momoflow.metrics") &&
            t.label === expected,
        )?.label,
  );
}

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

  it("from the palette, shows the workflow at the cursor, not the file's newest run", async () => {
    writeFileSync(
      workspaceFile("two-workflows.momoflow").fsPath,
      [
        "workflow first {",
        "  step one {",
        '    run: log(message: "one")',
        "  }",
        "}",
        "",
        "workflow second {",
        "  step two {",
        '    run: log(message: "two")',
        "  }",
        "}",
        "",
      ].join("\n"),
    );
    const document = await openInEditor("two-workflows.momoflow");
    const ended = momoflowTaskEnd("run", "second");
    await vscode.commands.executeCommand("momoflow.runWorkflow", {
      uri: document.uri,
      workflow: "second",
    });
    assert.equal(await ended, 0, "the run of second succeeded");
    const editor = await vscode.window.showTextDocument(document);
    const inFirst = positionOf(document, "step one");
    editor.selection = new vscode.Selection(inFirst, inFirst);
    await vscode.commands.executeCommand("momoflow.openMetrics");
    assert.equal(await metricsTabLabel("Metrics: first"), "Metrics: first");
  });

  it("a workflow's file changed on disk (not saved in the editor) redraws its graph", async () => {
    const file = workspaceFile("changed-on-disk.momoflow");
    const steps = (...names: string[]): string =>
      `workflow grows {\n${names.map((n) => `  step ${n} {\n    run: log(message: "${n}")\n  }\n`).join("")}}\n`;
    writeFileSync(file.fsPath, steps("first"));
    try {
      const panel = await vscode.commands.executeCommand<MetricsPanel>("momoflow.openMetrics", {
        uri: file,
        workflow: "grows",
      });
      const nodes = (): string[] | undefined => panel.data?.graph?.nodes.map((n) => n.id);
      await waitFor("the graph of grows with its one step", () =>
        nodes()?.join() === "first" ? true : undefined,
      );
      // As a `git pull`, another editor or a script would change it: no save in VS Code.
      writeFileSync(file.fsPath, steps("first", "second"));
      await waitFor(
        `the graph to show the step added on disk (it shows ${nodes()?.join(", ")})`,
        () => (nodes()?.join() === "first,second" ? true : undefined),
      );
    } finally {
      rmSync(file.fsPath, { force: true });
    }
  });

  it("a workflow's file renamed while the panel shows it: the panel follows it to its new name", async () => {
    const before = workspaceFile("before-rename.momoflow");
    const after = workspaceFile("after-rename.momoflow");
    writeFileSync(
      before.fsPath,
      'workflow moves {\n  step only {\n    run: log(message: "here")\n  }\n}\n',
    );
    try {
      const panel = await vscode.commands.executeCommand<MetricsPanel>("momoflow.openMetrics", {
        uri: before,
        workflow: "moves",
      });
      await waitFor("the graph of moves", () => (panel.data?.graph ? true : undefined));
      const rename = new vscode.WorkspaceEdit();
      rename.renameFile(before, after);
      assert.ok(await vscode.workspace.applyEdit(rename), "the file was renamed");
      await waitFor(
        `the panel to show the renamed file's graph (problems: ${panel.data?.problems.join("; ")})`,
        () =>
          panel.shown.source === after.fsPath &&
          panel.data?.graph?.file === after.fsPath &&
          panel.data.problems.length === 0
            ? true
            : undefined,
      );
    } finally {
      rmSync(before.fsPath, { force: true });
      rmSync(after.fsPath, { force: true });
    }
  });

  it("clicking a called workflow's step in the graph reveals it in the file that declares it", async () => {
    const pipeline = workspaceFile("pipeline.momoflow");
    const panel = await vscode.commands.executeCommand<MetricsPanel>("momoflow.showGraph", {
      uri: pipeline,
      workflow: "pipeline",
    });
    await waitFor("the graph of pipeline with the steps release calls", () =>
      panel.data?.graph?.nodes.some((n) => n.id === "release/bump") ? true : undefined,
    );
    // What the page posts when the node is clicked (graph-tab.ts).
    await (panel as unknown as { receive(message: unknown): Promise<void> }).receive({
      type: "revealStep",
      workflow: "pipeline",
      step: "release/bump",
    });
    const editor = await waitFor(
      "the editor of lib/release.momoflow",
      () => {
        const active = vscode.window.activeTextEditor;
        return active?.document.uri.fsPath === workspaceFile("lib/release.momoflow").fsPath
          ? active
          : undefined;
      },
      10_000,
    ).catch(() => {
      throw new Error(
        `the step was revealed in ${vscode.window.activeTextEditor?.document.uri.fsPath}`,
      );
    });
    const line = editor.document.lineAt(editor.selection.start.line).text;
    assert.match(line, /step bump/);
  });

  it("an untitled momoflow buffer has no Graph lens, and Show Graph on it does not show another workflow's graph", async () => {
    const report = await openInEditor("report.momoflow");
    const open = await vscode.commands.executeCommand<MetricsPanel>("momoflow.openMetrics", {
      uri: report.uri,
      workflow: "weekly_report",
    });
    await waitFor("the panel's data", () => open.data ?? undefined);
    const untitled = await vscode.workspace.openTextDocument({
      language: "momoflow",
      content: 'workflow draft_only {\n  step one {\n    run: "true"\n  }\n}\n',
    });
    await vscode.window.showTextDocument(untitled);
    try {
      // Once the server read the buffer (its symbols), the lenses come from the same outline.
      await waitFor("the buffer's symbols", async () => {
        const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>(
          "vscode.executeDocumentSymbolProvider",
          untitled.uri,
        );
        return symbols?.some((s) => s.name.includes("draft_only")) ? true : undefined;
      });
      assert.deepEqual(await codeLensTitles(untitled.uri), []);
      const shown = await vscode.commands.executeCommand<MetricsPanel | undefined>(
        "momoflow.showGraph",
        { uri: untitled.uri, workflow: "draft_only" },
      );
      assert.equal(shown, undefined, "no panel claims to show the buffer's graph");
      assert.equal(open.shown.workflow, "weekly_report", "the open panel keeps what it showed");
    } finally {
      await vscode.commands.executeCommand("workbench.action.revertAndCloseActiveEditor");
    }
  });

  it("with no editor, offers the workflows run anywhere in the workspace, newest first: a sub-folder file's too", async () => {
    const folder = workspaceFile("far/away").fsPath;
    mkdirSync(folder, { recursive: true });
    const file = join(folder, "far.momoflow");
    writeFileSync(
      file,
      'workflow far_away {\n  step one {\n    run: log(message: "far")\n  }\n}\n',
    );
    // An older run at the root: two workflows to pick from.
    const near = workspaceFile("near-by.momoflow");
    writeFileSync(
      near.fsPath,
      'workflow near_by {\n  step one {\n    run: log(message: "near")\n  }\n}\n',
    );
    try {
      const nearEnded = momoflowTaskEnd("run", "near_by");
      await vscode.commands.executeCommand("momoflow.runWorkflow", {
        uri: near,
        workflow: "near_by",
      });
      assert.equal(await nearEnded, 0, "the run of near_by succeeded");
      const document = await openInEditor("far/away/far.momoflow");
      const ended = momoflowTaskEnd("run", "far_away");
      await vscode.commands.executeCommand("momoflow.runWorkflow", {
        uri: document.uri,
        workflow: "far_away",
      });
      assert.equal(await ended, 0, "the run of far_away succeeded");
      await vscode.commands.executeCommand("workbench.action.closeAllEditors");
      let panel: MetricsPanel | undefined;
      let done = false;
      const opening = vscode.commands
        .executeCommand<MetricsPanel | undefined>("momoflow.openMetrics")
        .then((p) => ((done = true), (panel = p)));
      // The newest run's workflow comes first in the pick: accepted as a user's Enter would.
      await waitFor("Open Metrics to end", async () => {
        await vscode.commands.executeCommand("workbench.action.acceptSelectedQuickOpenItem");
        return done ? true : undefined;
      });
      await opening;
      assert.ok(panel, "a panel is shown");
      const data = await waitFor("the far run's data", () =>
        panel!.data?.workflow === "far_away" ? panel!.data : undefined,
      );
      assert.equal(data.history.length, 1);
      assert.equal(panel.shown.source, file);
    } finally {
      closeMetricsTabs();
      rmSync(workspaceFile("far").fsPath, { recursive: true, force: true });
      rmSync(near.fsPath, { force: true });
    }
  });
});

/** Closes the metrics panel's tab, if open. */
function closeMetricsTabs(): void {
  const tabs = vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter(
      (t) =>
        t.input instanceof vscode.TabInputWebview && t.input.viewType.includes("momoflow.metrics"),
    );
  void vscode.window.tabGroups.close(tabs);
}
