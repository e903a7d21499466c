import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";
import type { RunResultFile } from "@momoflow/record";
import type { CommandOutcome } from "../../../src/run/run-controller";
import {
  codeLensTitles,
  extensionApi,
  lineOf,
  momoflowTaskEnd,
  openInEditor,
  waitFor,
  workspaceFile,
} from "../support/workspace";

const STEPS = ["prepare", "figures", "title", "publish"];

/** The results of the workspace's runs of weekly_report, oldest first. */
function runResults(): RunResultFile[] {
  const runs = workspaceFile(".momoflow/runs").fsPath;
  if (!existsSync(runs)) return [];
  return readdirSync(runs, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(runs, entry.name, "result.json")))
    .map(
      (entry) =>
        JSON.parse(readFileSync(join(runs, entry.name, "result.json"), "utf8")) as RunResultFile,
    )
    .filter((result) => result.workflow.id === "weekly_report")
    .sort((a, b) => a.metrics.startTime - b.metrics.startTime);
}

describe("run and rollback from the editor", () => {
  let document: vscode.TextDocument;
  const published = (): string => workspaceFile("out/published.csv").fsPath;

  before(async () => {
    document = await openInEditor("report.momoflow");
  });

  it("Run starts a momoflow task; the run finishes with a run record and inline metrics at every step", async () => {
    const api = await extensionApi();
    const ended = momoflowTaskEnd("run", "weekly_report");
    const outcome = await vscode.commands.executeCommand<CommandOutcome>("momoflow.runWorkflow", {
      uri: document.uri,
      workflow: "weekly_report",
    });
    assert.equal(outcome.status, "started", JSON.stringify(outcome));
    assert.ok(
      vscode.tasks.taskExecutions.some((e) => e.task.definition.type === "momoflow"),
      "the run is a momoflow task",
    );
    assert.equal(await ended, 0, "the CLI's exit code");

    const [result] = runResults();
    assert.ok(result, "the run left a result.json under .momoflow/runs");
    assert.equal(result.status, "success");
    assert.deepEqual(result.steps.map((s) => s.id).sort(), [...STEPS].sort());
    assert.ok(existsSync(published()), "the workflow's last step wrote out/published.csv");

    const shown = await waitFor("inline metrics on every step", () => {
      const texts = api.inlineMetrics!.shown(document.uri);
      return STEPS.every((step) => texts.has(lineOf(document, `step ${step}`))) ? texts : undefined;
    });
    for (const step of STEPS) assert.match(shown.get(lineOf(document, `step ${step}`))!, /success/);
  });

  it("after the run the CodeLens offers Rollback", async () => {
    const titles = await waitFor("the Rollback lens", async () => {
      const found = await codeLensTitles(document.uri);
      return found.includes("↶ Rollback") ? found : undefined;
    });
    assert.ok(titles.includes("▶ Run"));
  });

  it("Rollback undoes the run's files, and the inline metrics say so", async () => {
    const api = await extensionApi();
    const ended = momoflowTaskEnd("rollback", "weekly_report");
    const outcome = await vscode.commands.executeCommand<CommandOutcome>(
      "momoflow.rollbackLastRun",
      { uri: document.uri, workflow: "weekly_report", confirm: false },
    );
    assert.equal(outcome.status, "started", JSON.stringify(outcome));
    assert.equal(await ended, 0, "the rollback's exit code");
    assert.ok(!existsSync(published()), "out/published.csv is gone");
    assert.ok(!existsSync(workspaceFile("out").fsPath), "out/ is gone");
    const runs = runResults();
    assert.equal(runs.length, 1, "a rollback rewrites the run's record, it is not a new run");
    assert.equal(runs[0]!.status, "rolled_back");
    await waitFor("rolled-back marks inline", () => {
      const text = api.inlineMetrics!.shown(document.uri).get(lineOf(document, "step publish"));
      return text && /rolled back|↶/.test(text) ? text : undefined;
    });
    const titles = await waitFor("the Rollback lens to go", async () => {
      const found = await codeLensTitles(document.uri);
      return found.includes("↶ Rollback") ? undefined : found;
    });
    assert.ok(titles.includes("▶ Run"));
  });

  it("a run from a terminal (not from the editor) shows its figures too, also a workspace's first", async () => {
    const api = await extensionApi();
    // The workspace's first run: .momoflow/ does not exist yet, so every folder of the record is new.
    rmSync(workspaceFile(".momoflow").fsPath, { recursive: true, force: true });
    await api.inlineMetrics!.refresh();
    assert.deepEqual(
      [...api.inlineMetrics!.shown(document.uri).values()],
      [],
      `no run, no figures (editors: ${vscode.window.visibleTextEditors.map((e) => e.document.uri.path).join(", ")})`,
    );
    execFileSync(process.execPath, [api.services.paths.cliPath, "run", document.uri.fsPath], {
      cwd: workspaceFile(".").fsPath,
      env: { ...process.env, ELECTRON_RUN_AS_NODE: "1" },
      stdio: "ignore",
    });
    const texts = await waitFor("inline metrics of the terminal's run", () => {
      const shown = api.inlineMetrics!.shown(document.uri);
      return STEPS.every((step) =>
        /success/.test(shown.get(lineOf(document, `step ${step}`)) ?? ""),
      )
        ? shown
        : undefined;
    });
    assert.equal(texts.size, STEPS.length);
  });
});
