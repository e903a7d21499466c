import * as assert from "node:assert/strict";
import { rmSync, writeFileSync } from "node:fs";
import * as vscode from "vscode";
import type { CommandOutcome } from "../../../src/run/run-controller";
import {
  closeAllEditors,
  codeLenses,
  codeLensTitles,
  extensionApi,
  momoflowTaskEnd,
  runToEnd,
  openInEditor,
  waitFor,
  workspaceFile,
} from "../support/workspace";

describe("CodeLens", () => {
  it("offers Run and Graph above the workflow and Run test above each test (no run yet: no Rollback)", async () => {
    const document = await openInEditor("report.momoflow");
    const titles = await codeLensTitles(document.uri);
    assert.deepEqual(titles.filter((t) => t === "▶ Run").length, 1);
    assert.deepEqual(titles.filter((t) => t === "Graph").length, 1);
    assert.deepEqual(titles.filter((t) => t === "▶ Run test").length, 3);
    assert.ok(!titles.includes("↶ Rollback"), titles.join(" | "));
  });
});

/** A run that waits until the test opens its gate (a file), so "running" lasts as long as needed. */
const GATED = [
  "workflow gated {",
  "  step wait {",
  '    run: "while [ ! -f gate-open ]; do sleep 0.05; done"',
  "    rollback: none",
  "  }",
  "}",
  "",
].join("\n");

describe("the Run CodeLens during a run", () => {
  let document: vscode.TextDocument;
  const said = async (): Promise<string> =>
    (await codeLenses(document.uri))
      .map((lens) => `${lens.command?.title ?? ""} (${lens.command?.tooltip ?? ""})`)
      .join(" | ");

  before(async () => {
    writeFileSync(workspaceFile("gated.momoflow").fsPath, GATED);
    // Only this file's editor is visible: what the lenses say is its lenses.
    await closeAllEditors();
    document = await openInEditor("gated.momoflow");
    await waitFor("the ▶ Run lens", async () =>
      (await codeLensTitles(document.uri)).includes("▶ Run") ? true : undefined,
    );
  });

  after(() => {
    for (const file of ["gated.momoflow", "gate-open"])
      rmSync(workspaceFile(file).fsPath, { force: true });
  });

  it("VS Code is asked to redraw the lenses when what they say changes: Running… at the start, ▶ Run once the run's process ended, and at no other time", async () => {
    const api = await extensionApi();
    // What the lenses said at each ask, in order, and where the run's end came among them.
    const seen: Promise<string>[] = [];
    const asks = api.runLenses!.onDidChange(() => seen.push(said()));
    let asksBeforeEnd = -1;
    const ended = new Promise<void>((resolve) => {
      const listener = vscode.tasks.onDidEndTaskProcess((event) => {
        if (event.execution.task.definition.workflow !== "gated") return;
        listener.dispose();
        asksBeforeEnd = seen.length;
        resolve();
      });
    });
    try {
      const exitCode = momoflowTaskEnd("run", "gated");
      const outcome = await vscode.commands.executeCommand<CommandOutcome>("momoflow.runWorkflow", {
        uri: document.uri,
        workflow: "gated",
      });
      assert.equal(outcome.status, "started", JSON.stringify(outcome));
      await waitFor("the Running… lens", async () =>
        (await codeLensTitles(document.uri)).some((t) => t.includes("Running…")) ? true : undefined,
      );
      writeFileSync(workspaceFile("gate-open").fsPath, "");
      await ended;
      assert.equal(await exitCode, 0, "the run's exit code");
      // The run records' change that the run's end makes (the last thing that could ask again).
      await new Promise<void>((resolve) => {
        const listener = api.services.runRecords.onDidChange(() => {
          listener.dispose();
          resolve();
        });
      });
      await waitFor("the ▶ Run lens after the run", async () =>
        (await codeLensTitles(document.uri)).includes("▶ Run") ? true : undefined,
      );
    } finally {
      asks.dispose();
    }
    const lenses = await Promise.all(seen);
    const shown = lenses.map(
      (text, i) => `${i === asksBeforeEnd ? "(the run ended) " : ""}${text}`,
    );
    const running = lenses.slice(0, asksBeforeEnd);
    assert.ok(
      running.some((text) => text.includes("Running…")),
      `an ask while the run ran says Running…:\n${shown.join("\n")}`,
    );
    const afterEnd = lenses[asksBeforeEnd];
    assert.ok(
      afterEnd?.includes("▶ Run") && !afterEnd.includes("Running…"),
      `the first ask after the run's process ended says ▶ Run:\n${shown.join("\n")}`,
    );
    // An ask that changes nothing restarts the workbench's own delay before it
    // asks for the lenses, holding back the one that brings ▶ Run back.
    for (let i = 1; i < lenses.length; i++)
      assert.notEqual(
        lenses[i],
        lenses[i - 1],
        `ask ${i + 1} repeats what ask ${i} said:\n${shown.join("\n")}`,
      );
  });
});

/** A run whose undo waits until the test opens its gate (a file), so the rollback's "running" lasts as long as needed. */
function gatedUndo(workflow: string, gate: string): string {
  return [
    `workflow ${workflow} {`,
    "  step make {",
    `    run: "touch ${workflow}.made"`,
    `    rollback: "while [ ! -f ${gate} ]; do sleep 0.05; done; rm -f ${workflow}.made"`,
    "  }",
    "}",
    "",
  ].join("\n");
}

describe("the Run CodeLens during a rollback", () => {
  const closeMetrics = async (): Promise<void> => {
    for (const group of vscode.window.tabGroups.all)
      for (const tab of group.tabs)
        if (
          tab.input instanceof vscode.TabInputWebview &&
          tab.input.viewType.includes("momoflow.metrics")
        )
          await vscode.window.tabGroups.close(tab);
  };

  const WORKFLOWS = ["undo_gated", "undo_gated_beside"];
  const GATES = ["undo-gate-open", "undo-beside-gate-open"];

  after(async () => {
    await closeMetrics();
    // A test that failed before opening its gate left its undo waiting: let it end first.
    for (const gate of GATES) writeFileSync(workspaceFile(gate).fsPath, "");
    await waitFor("the rollback tasks of this suite to end", () =>
      vscode.tasks.taskExecutions.some((e) => WORKFLOWS.includes(e.task.definition.workflow))
        ? undefined
        : true,
    );
    const files = ["gated-undo.momoflow", "gated-undo-beside.momoflow", ...GATES];
    for (const file of [...files, ...WORKFLOWS.map((w) => `${w}.made`)])
      rmSync(workspaceFile(file).fsPath, { force: true });
  });

  for (const beside of [false, true]) {
    const workflow = WORKFLOWS[beside ? 1 : 0]!;
    const file = beside ? "gated-undo-beside.momoflow" : "gated-undo.momoflow";
    const gate = GATES[beside ? 1 : 0]!;
    it(`${beside ? "with the metrics webview open beside the editor: " : ""}VS Code is asked to redraw the lenses when the rollback from ↶ Rollback starts (Running…) and once its process ended (▶ Run), and at no other time`, async () => {
      writeFileSync(workspaceFile(file).fsPath, gatedUndo(workflow, gate));
      await closeAllEditors();
      const document = await openInEditor(file);
      const said = async (): Promise<string> =>
        (await codeLenses(document.uri))
          .map((lens) => `${lens.command?.title ?? ""} (${lens.command?.tooltip ?? ""})`)
          .join(" | ");
      await waitFor("the ▶ Run lens", async () =>
        (await codeLensTitles(document.uri)).includes("▶ Run") ? true : undefined,
      );
      assert.equal(await runToEnd(document.uri, workflow), 0, "the run's exit code");
      await waitFor("the ↶ Rollback lens after the run", async () =>
        (await codeLensTitles(document.uri)).includes("↶ Rollback") ? true : undefined,
      );
      if (beside) {
        // As the Graph lens does (e2e stage 14), then back to the editor (the webview stays beside).
        await vscode.commands.executeCommand("momoflow.showGraph", {
          uri: document.uri,
          workflow,
        });
        await waitFor("the metrics webview beside the editor", () =>
          vscode.window.tabGroups.all.some((group) =>
            group.tabs.some(
              (tab) =>
                tab.input instanceof vscode.TabInputWebview &&
                tab.input.viewType.includes("momoflow.metrics"),
            ),
          )
            ? true
            : undefined,
        );
        await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
      }

      const api = await extensionApi();
      // What the lenses said at each ask, in order, and where the rollback's end came among them.
      const seen: Promise<string>[] = [];
      const asks = api.runLenses!.onDidChange(() => seen.push(said()));
      let asksBeforeEnd = -1;
      const ended = new Promise<number | undefined>((resolve) => {
        const listener = vscode.tasks.onDidEndTaskProcess((event) => {
          const definition = event.execution.task.definition;
          if (definition.action !== "rollback" || definition.workflow !== workflow) return;
          listener.dispose();
          asksBeforeEnd = seen.length;
          resolve(event.exitCode);
        });
      });
      let lenses: string[];
      try {
        const outcome = await vscode.commands.executeCommand<CommandOutcome>(
          "momoflow.rollbackLastRun",
          { uri: document.uri, workflow, confirm: false },
        );
        assert.equal(outcome.status, "started", JSON.stringify(outcome));
        await waitFor("an ask saying Running…", async () =>
          (await Promise.all(seen)).some((text) => text.includes("Running…")) ? true : undefined,
        );
        writeFileSync(workspaceFile(gate).fsPath, "");
        assert.equal(await ended, 0, "the rollback's exit code");
        // The last ask: once the records say rolled back, ▶ Run without ↶ Rollback.
        lenses = await waitFor("an ask saying ▶ Run without ↶ Rollback", async () => {
          const all = await Promise.all(seen);
          const last = all.at(-1) ?? "";
          return all.length > asksBeforeEnd &&
            last.includes("▶ Run") &&
            !last.includes("↶ Rollback") &&
            !last.includes("Running…")
            ? all
            : undefined;
        }).catch(async (error: Error) => {
          const all = await Promise.all(seen);
          throw new Error(
            `${error.message}; the asks (${asksBeforeEnd} before the rollback ended):\n${all.join("\n")}\nnow: ${await said()}`,
          );
        });
      } finally {
        asks.dispose();
      }
      const shown = lenses.map(
        (text, i) => `${i === asksBeforeEnd ? "(the rollback ended) " : ""}${text}`,
      );
      assert.ok(
        lenses.slice(0, asksBeforeEnd).some((text) => text.includes("Running…")),
        `an ask while the rollback ran says Running…:\n${shown.join("\n")}`,
      );
      const afterEnd = lenses[asksBeforeEnd];
      assert.ok(
        afterEnd?.includes("▶ Run") && !afterEnd.includes("Running…"),
        `the first ask after the rollback's process ended says ▶ Run:\n${shown.join("\n")}`,
      );
      for (let i = 1; i < lenses.length; i++)
        assert.notEqual(
          lenses[i],
          lenses[i - 1],
          `ask ${i + 1} repeats what ask ${i} said:\n${shown.join("\n")}`,
        );
      // What VS Code has once the asks settled: ▶ Run, nothing left to roll back.
      const titles = await codeLensTitles(document.uri);
      assert.ok(
        titles.includes("▶ Run") &&
          !titles.includes("↶ Rollback") &&
          !titles.some((t) => t.includes("Running…")),
        titles.join(" | "),
      );
    });
  }
});
