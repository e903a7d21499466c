import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";
import type { CommandOutcome } from "../../../src/run/run-controller";
import type { MetricsPanel } from "../../../src/webview/metrics-panel";
import {
  codeLensTitles,
  codeLenses,
  extensionApi,
  lineOf,
  momoflowTaskEnd,
  openInEditor,
  runToEnd,
  waitFor,
  workspaceFile,
} from "../support/workspace";

describe("a workflow file in a sub-folder of the workspace", () => {
  const folder = workspaceFile("nested/deeper").fsPath;
  let document: vscode.TextDocument;

  before(async () => {
    mkdirSync(folder, { recursive: true });
    // Read by a relative path: the file's folder is its working directory, as `momoflow run` takes it.
    writeFileSync(join(folder, "here.txt"), "beside the workflow\n");
    writeFileSync(
      join(folder, "site.momoflow"),
      'workflow site {\n  step read {\n    run: "cat here.txt"\n    rollback: none\n  }\n  step make {\n    needs: read\n    run: create_file(path: "made.txt", content: "x")\n  }\n}\n',
    );
    document = await openInEditor("nested/deeper/site.momoflow");
  });

  after(async () => {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand("workbench.action.closeActiveEditor");
    rmSync(workspaceFile("nested").fsPath, { recursive: true, force: true });
  });

  it("runs from ▶ Run in its own folder, as momoflow run <file> does, and shows that run's figures and ↶ Rollback", async () => {
    assert.equal(await runToEnd(document.uri, "site"), 0, "the run's exit code");
    assert.ok(existsSync(join(folder, "made.txt")), "made.txt is made beside the file");
    assert.ok(
      existsSync(join(folder, ".momoflow", "runs", "latest")),
      "the run is recorded beside the file, where momoflow rollback <file> looks",
    );
    const api = await extensionApi();
    const figures = await waitFor("the step's figures", () =>
      api.inlineMetrics!.shown(document.uri).get(lineOf(document, "step read")),
    );
    assert.match(figures, /^✓ success/);
    await waitFor("the ↶ Rollback lens", async () =>
      (await codeLensTitles(document.uri)).includes("↶ Rollback") ? true : undefined,
    );
  });
});

describe("a run of a sub-folder's file recorded in the workspace root (as versions that ran every file from the root did)", () => {
  const root = workspaceFile(".").fsPath;
  const folder = workspaceFile("legacy/jobs").fsPath;
  const made = join(root, "legacy-made.txt");
  let document: vscode.TextDocument;

  before(async () => {
    mkdirSync(folder, { recursive: true });
    writeFileSync(
      join(folder, "old.momoflow"),
      'workflow legacy_job {\n  step make {\n    run: create_file(path: "legacy-made.txt", content: "x")\n  }\n}\n',
    );
    // As an older version ran it: from the workspace root, its record there.
    const api = await extensionApi();
    execFileSync(
      process.execPath,
      [api.services.paths.cliPath, "run", join(folder, "old.momoflow"), "--workdir", root],
      { cwd: root, env: { ...process.env, ELECTRON_RUN_AS_NODE: "1" }, stdio: "ignore" },
    );
    assert.ok(existsSync(made), "the old run made its file in the root");
    document = await openInEditor("legacy/jobs/old.momoflow");
  });

  after(async () => {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand("workbench.action.closeActiveEditor");
    rmSync(workspaceFile("legacy").fsPath, { recursive: true, force: true });
    rmSync(made, { force: true });
  });

  it("shows its figures and ↶ Rollback, and the rollback undoes it where it ran", async () => {
    const runs = join(root, ".momoflow", "runs");
    const runId = readFileSync(join(runs, "latest"), "utf8").trim();
    const api = await extensionApi();
    const figures = await waitFor("the old run's figures", () =>
      api.inlineMetrics!.shown(document.uri).get(lineOf(document, "step make")),
    );
    assert.match(figures, /^✓ success/);
    const lens = await waitFor("the ↶ Rollback lens of the old run", async () =>
      (await codeLenses(document.uri)).find((l) => l.command?.title === "↶ Rollback"),
    );
    assert.match(lens.command?.tooltip ?? "", new RegExp(runId));

    const ended = momoflowTaskEnd("rollback", "legacy_job");
    const outcome = await vscode.commands.executeCommand<CommandOutcome>(
      "momoflow.rollbackLastRun",
      { uri: document.uri, workflow: "legacy_job", confirm: false },
    );
    assert.equal(outcome.status, "started", JSON.stringify(outcome));
    assert.equal(await ended, 0, "the rollback's exit code");
    assert.ok(!existsSync(made), "the old run's file is undone in the root, where it ran");
    const result = JSON.parse(readFileSync(join(runs, runId, "result.json"), "utf8")) as {
      status: string;
    };
    assert.equal(result.status, "rolled_back");
  });

  it("a newer run in the file's own folder comes first (the lens and figures are of it)", async () => {
    assert.equal(await runToEnd(document.uri, "legacy_job"), 0, "the run's exit code");
    const own = join(folder, ".momoflow", "runs");
    const runId = readFileSync(join(own, "latest"), "utf8").trim();
    const lens = await waitFor("the ↶ Rollback lens of the new run", async () =>
      (await codeLenses(document.uri)).find(
        (l) => l.command?.title === "↶ Rollback" && l.command.tooltip?.includes(runId),
      ),
    );
    assert.ok(lens);
    const api = await extensionApi();
    await waitFor("the new run's figures", () => {
      const shown = api.inlineMetrics!.shown(document.uri).get(lineOf(document, "step make"));
      return shown && /^✓ success/.test(shown) ? shown : undefined;
    });
  });

  it("the metrics panel's History lists the old run and the new one, oldest first, once each", async () => {
    const old = readFileSync(join(root, ".momoflow", "runs", "latest"), "utf8").trim();
    const own = readFileSync(join(folder, ".momoflow", "runs", "latest"), "utf8").trim();
    const panel = await vscode.commands.executeCommand<MetricsPanel>("momoflow.openMetrics", {
      uri: document.uri,
      workflow: "legacy_job",
    });
    try {
      const history = await waitFor("both runs in History", () => {
        const ids = panel.data?.history.map((h) => h.runId);
        return ids?.includes(old) && ids.includes(own) ? ids : undefined;
      });
      assert.deepEqual(history, [old, own]);
    } finally {
      panel.dispose();
    }
  });

  it("↻ Resume of an old run that failed goes on where it ran, in the root", async () => {
    const api = await extensionApi();
    const go = join(root, "legacy-go.txt");
    writeFileSync(
      join(folder, "halted.momoflow"),
      'workflow legacy_halted {\n  step one {\n    run: create_file(path: "legacy-one.txt", content: "1")\n  }\n  step check {\n    needs: one\n    run: "test -f legacy-go.txt"\n  }\n}\n',
    );
    try {
      assert.throws(() =>
        execFileSync(
          process.execPath,
          [
            api.services.paths.cliPath,
            "run",
            join(folder, "halted.momoflow"),
            "--workdir",
            root,
            "--no-rollback",
          ],
          { cwd: root, env: { ...process.env, ELECTRON_RUN_AS_NODE: "1" }, stdio: "ignore" },
        ),
      );
      const failed = readFileSync(join(root, ".momoflow", "runs", "latest"), "utf8").trim();
      const halted = await openInEditor("legacy/jobs/halted.momoflow");
      await waitFor("the ↻ Resume lens of the old run", async () =>
        (await codeLensTitles(halted.uri)).includes("↻ Resume") ? true : undefined,
      );
      writeFileSync(go, "go\n");
      const ended = momoflowTaskEnd("run", "legacy_halted");
      const outcome = await vscode.commands.executeCommand<CommandOutcome>(
        "momoflow.resumeLastRun",
        { uri: halted.uri, workflow: "legacy_halted" },
      );
      assert.equal(outcome.status, "started", JSON.stringify(outcome));
      assert.equal(await ended, 0, "the resumed run's exit code");
      const resumed = readFileSync(join(root, ".momoflow", "runs", "latest"), "utf8").trim();
      assert.notEqual(
        resumed,
        failed,
        "the resumed run is recorded in the root, beside the old one",
      );
      await vscode.commands.executeCommand("workbench.action.closeActiveEditor");
    } finally {
      for (const made of [go, join(root, "legacy-one.txt")]) rmSync(made, { force: true });
    }
  });
});
