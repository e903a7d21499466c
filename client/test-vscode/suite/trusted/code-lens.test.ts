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
