import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import * as vscode from "vscode";
import {
  extensionApi,
  lineOf,
  openInEditor,
  positionOf,
  runToEnd,
  waitFor,
  workspaceFile,
} from "../support/workspace";

describe("inline metrics of a failed run", () => {
  let document: vscode.TextDocument;
  const textAt = async (marker: string): Promise<string | undefined> =>
    (await extensionApi()).inlineMetrics!.shown(document.uri).get(lineOf(document, marker));

  before(async () => {
    document = await openInEditor("flaky.momoflow");
  });

  it("a failed step shows its error; the step it rolled back is marked", async () => {
    assert.equal(await runToEnd(document.uri, "flaky"), 1, "a failed run's exit code");
    const failed = await waitFor("the failed step's figures", () => textAt("step boom"));
    assert.match(failed, /failed/);
    assert.match(failed, /the disk is full/);
    assert.match((await textAt("step made")) ?? "", /rolled back/);
  });

  it("opens the failed step's log of that run (the hover's Open log runs momoflow.openStepLog)", async () => {
    const runs = join(dirname(document.uri.fsPath), ".momoflow", "runs");
    const runDir = join(runs, readFileSync(join(runs, "latest"), "utf8").trim());
    const editor = await vscode.commands.executeCommand<vscode.TextEditor | undefined>(
      "momoflow.openStepLog",
      runDir,
      "boom",
    );
    assert.ok(editor, "an editor was opened");
    assert.equal(editor.document.uri.fsPath, join(runDir, "logs", "boom.log"));
    assert.equal(editor.document.getText(), "the disk is full\n");
    assert.equal(vscode.window.activeTextEditor?.document, editor.document);
    await vscode.commands.executeCommand("workbench.action.closeActiveEditor");
  });

  it("a structural edit marks the figures stale; undoing it makes them current again", async () => {
    const editor = await vscode.window.showTextDocument(document);
    const end = positionOf(document, "step boom {");
    await editor.edit((edit) =>
      edit.insert(end.with(undefined, 0), '  step added {\n    run: "echo added"\n  }\n\n'),
    );
    const stale = await waitFor("the figures to be marked stale", async () => {
      const text = await textAt("step boom");
      return text?.includes("(stale)") ? text : undefined;
    });
    assert.match(stale, /failed/);
    assert.equal(await textAt("step added"), undefined, "a step the run did not have gets none");
    await vscode.commands.executeCommand("undo");
    await waitFor("the figures to be current again", async () => {
      const text = await textAt("step boom");
      return text && !text.includes("(stale)") ? text : undefined;
    });
    await document.save();
  });

  it("a comment and a blank line inserted above a step leave the figures current, at the step's new line", async () => {
    const editor = await vscode.window.showTextDocument(document);
    const line = lineOf(document, "step boom");
    await editor.edit((edit) => edit.insert(new vscode.Position(line, 0), "  // why it fails\n\n"));
    assert.equal(lineOf(document, "step boom"), line + 2);
    const moved = await waitFor("the figures at the step's new line", () => textAt("step boom"));
    assert.match(moved, /failed/);
    assert.doesNotMatch(moved, /stale/);
    await vscode.commands.executeCommand("undo");
    await waitFor("the figures back at the step's line", () => textAt("step boom"));
    await document.save();
  });

  it("a newer run with a damaged result.json leaves the figures shown, and refreshing does not fail", async () => {
    const api = await extensionApi();
    const runs = join(dirname(document.uri.fsPath), ".momoflow", "runs");
    const latest = join(runs, readFileSync(join(runs, "latest"), "utf8").trim());
    const before = await waitFor("the failed step's figures", () => textAt("step boom"));
    // A copy of the latest run, made newer, whose result.json is JSON of another shape.
    const damaged = `${latest}-damaged`;
    cpSync(latest, damaged, { recursive: true });
    const journal = readFileSync(join(damaged, "journal.jsonl"), "utf8").split("\n");
    const start = JSON.parse(journal[0]!) as { runId: string; time: number };
    journal[0] = JSON.stringify({
      ...start,
      runId: `${start.runId}-damaged`,
      time: start.time + 1,
    });
    writeFileSync(join(damaged, "journal.jsonl"), journal.join("\n"));
    writeFileSync(join(damaged, "result.json"), JSON.stringify({ status: "failed", steps: null }));
    try {
      await api.inlineMetrics!.refresh();
      assert.equal(await textAt("step boom"), before);
    } finally {
      rmSync(damaged, { recursive: true, force: true });
    }
  });
});

describe("inline metrics of a step whose error is long", () => {
  /** What the failing step prints on stderr: one long line, as npm or a compiler does. */
  const WHY =
    "npm ERR! code ERESOLVE npm ERR! ERESOLVE unable to resolve dependency tree while resolving: my-app@1.0.0 found: react@18.2.0 node_modules/react";
  const WORKFLOW = [
    "workflow install {",
    "  step install {",
    `    run: "echo '${WHY}' >&2; echo 'npm ERR! see the log' >&2; exit 1"`,
    "  }",
    "}",
    "",
  ].join("\n");
  let document: vscode.TextDocument;

  before(async () => {
    writeFileSync(workspaceFile("long-error.momoflow").fsPath, WORKFLOW);
    document = await openInEditor("long-error.momoflow");
  });

  after(async () => {
    await vscode.commands.executeCommand("workbench.action.closeActiveEditor");
    rmSync(workspaceFile("long-error.momoflow").fsPath, { force: true });
  });

  it("shows a short form on one line (cut with an ellipsis, its end kept); the hover has the whole error", async () => {
    assert.equal(await runToEnd(document.uri, "install"), 1, "a failed run's exit code");
    const api = await extensionApi();
    const line = lineOf(document, "step install");
    const text = await waitFor("the failed step's figures", () =>
      api.inlineMetrics!.shown(document.uri).get(line),
    );
    // Longer, the figures ran under the minimap or past the editor's edge.
    assert.ok(text.length <= 80, `${text.length} characters: ${text}`);
    assert.match(text, /^✗ failed · /);
    assert.match(text, /…/);
    assert.ok(text.endsWith("node_modules/react"), text);
    assert.doesNotMatch(text, /\n/);
    const hover = api.inlineMetrics!.hovers(document.uri).get(line) ?? "";
    assert.ok(hover.includes(WHY), `the hover has the error whole: ${hover}`);
    assert.ok(hover.includes("npm ERR! see the log"), hover);
  });
});

describe("inline metrics drawn while the document is edited", () => {
  // A big file: its outline takes the server long enough (it reads a didChange
  // between slices and answers that the text changed) for an edit to land meanwhile.
  const file = workspaceFile("edited-while-drawn.momoflow");
  const STEPS = 20_000;

  before(async function () {
    this.timeout(180_000);
    const big = Array.from(
      { length: STEPS },
      (_, i) => `  step s${i} {\n    run: log(message: "${i}")\n  }\n`,
    ).join("");
    writeFileSync(
      file.fsPath,
      `workflow small_job {\n  step make {\n    run: log(message: "made")\n  }\n}\n\nworkflow big {\n${big}}\n`,
    );
    // Run from a terminal before the file is opened: its figures are drawn when it is.
    const api = await extensionApi();
    execFileSync(
      process.execPath,
      [api.services.paths.cliPath, "run", file.fsPath, "--workflow", "small_job"],
      { cwd: workspaceFile(".").fsPath, env: { ...process.env, ELECTRON_RUN_AS_NODE: "1" } },
    );
  });

  after(async () => {
    await vscode.commands.executeCommand("workbench.action.revertAndCloseActiveEditor");
    rmSync(file.fsPath, { force: true });
  });

  it("an edit while its first figures are read: they are drawn at the step's new line once edits pause", async function () {
    this.timeout(120_000);
    const document = await vscode.workspace.openTextDocument(file);
    const editor = await vscode.window.showTextDocument(document, { preview: false });
    // At once, while the figures' outline is read.
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), "// edited\n\n"));
    const api = await extensionApi();
    const figures = await waitFor(
      "the figures at the step's new line",
      () => api.inlineMetrics!.shown(document.uri).get(lineOf(document, "step make")),
      60_000,
    );
    assert.match(figures, /^✓ success/);
    assert.deepEqual(
      [...api.inlineMetrics!.shown(document.uri).keys()],
      [lineOf(document, "step make")],
      "no figures at another line",
    );
  });
});
