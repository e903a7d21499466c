import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";
import type { CommandOutcome } from "../../../src/run/run-controller";
import { extensionApi, momoflowTaskEnd, openInEditor, workspaceFile } from "../support/workspace";
import { outcomeOfEscapedBox, outcomeWithoutBox } from "../support/input-box";
import {
  calledSecretFlow,
  CALLED_SECRET_TOKEN as TOKEN,
  CALLER_KEY as KEY,
} from "../../../../engine/test/support/called-secret-flow";

/**
 * `ship` gives the workflow it calls the output of its step `login` as the
 * secret `key`: the record keeps it as `param.release/key`, without a value,
 * so ↶ Rollback must ask for it (`ship` has a secret `key` of its own, which
 * that undo must not get).
 */
const SOURCE = calledSecretFlow({ log: "secret-ops.log" });
const FILES = ["call-secret.momoflow", "secret-ops.log"];

const ops = (): string[] =>
  readFileSync(workspaceFile("secret-ops.log").fsPath, "utf8").trim().split("\n");

/** The folders of the workspace's runs of `ship`. */
function shipRuns(): string[] {
  const runs = workspaceFile(".momoflow/runs").fsPath;
  if (!existsSync(runs)) return [];
  return readdirSync(runs, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(runs, entry.name))
    .filter((dir) => readFileSync(join(dir, "journal.jsonl"), "utf8").includes('"id":"ship"'));
}

describe("rollback of a run whose called workflow's secret came from a step's output", () => {
  let document: vscode.TextDocument;

  /** A run that failed and kept what it did (as with the rollbackOnFailure setting off). */
  async function failedRun(): Promise<void> {
    const api = await extensionApi();
    const out = (() => {
      try {
        return execFileSync(
          process.execPath,
          [
            api.services.paths.cliPath,
            "run",
            document.uri.fsPath,
            "--workflow",
            "ship",
            "--no-rollback",
          ],
          {
            cwd: workspaceFile(".").fsPath,
            env: { ...process.env, ELECTRON_RUN_AS_NODE: "1", MOMOFLOW_PARAM_KEY: KEY },
            encoding: "utf8",
          },
        );
      } catch (error) {
        return (error as { status?: number }).status;
      }
    })();
    assert.equal(out, 1, "the run fails at boom");
  }

  before(async () => {
    writeFileSync(workspaceFile("call-secret.momoflow").fsPath, SOURCE);
    document = await openInEditor("call-secret.momoflow");
    await failedRun();
    assert.deepEqual(ops(), [`upload-${TOKEN}`]);
  });

  after(() => {
    for (const dir of shipRuns()) rmSync(dir, { recursive: true, force: true });
    for (const file of FILES) rmSync(workspaceFile(file).fsPath, { force: true });
  });

  it("Rollback asks for it (an input box): cancelled, nothing is started or undone", async () => {
    const outcome = await outcomeOfEscapedBox(
      "momoflow.rollbackLastRun",
      { uri: document.uri, workflow: "ship", confirm: false },
      "the rollback to ask and be cancelled",
    );
    assert.deepEqual(outcome, { status: "cancelled" });
    assert.ok(
      !vscode.tasks.taskExecutions.some((e) => e.task.definition.action === "rollback"),
      "no rollback task",
    );
    assert.deepEqual(ops(), [`upload-${TOKEN}`], "nothing undone");
  });

  it("given it, Rollback passes it in the task's environment (not its command line) and the undo runs with it", async () => {
    let execution: vscode.ProcessExecution | undefined;
    const started = vscode.tasks.onDidStartTask((event) => {
      if (event.execution.task.definition.action === "rollback")
        execution = event.execution.task.execution as vscode.ProcessExecution;
    });
    try {
      const ended = momoflowTaskEnd("rollback", "ship");
      const outcome = await vscode.commands.executeCommand<CommandOutcome>(
        "momoflow.rollbackLastRun",
        { uri: document.uri, workflow: "ship", confirm: false, params: { "release/key": TOKEN } },
      );
      assert.equal(outcome.status, "started", JSON.stringify(outcome));
      assert.equal(await ended, 0, "the rollback's exit code");
    } finally {
      started.dispose();
    }
    assert.ok(execution, "the rollback task started");
    assert.ok(!execution.args.join(" ").includes(TOKEN), execution.args.join(" "));
    assert.equal(execution.options?.env?.MOMOFLOW_PARAM_RELEASE__KEY, TOKEN);
    assert.deepEqual(ops(), [`upload-${TOKEN}`, `undo-upload-${TOKEN}`]);
  });

  it("set in the extension host's environment (MOMOFLOW_PARAM_RELEASE__KEY), Rollback does not ask for it and the undo runs with it", async () => {
    rmSync(workspaceFile("secret-ops.log").fsPath, { force: true });
    await failedRun();
    assert.deepEqual(ops(), [`upload-${TOKEN}`]);
    const variable = "MOMOFLOW_PARAM_RELEASE__KEY";
    const before = process.env[variable];
    process.env[variable] = TOKEN;
    try {
      const ended = momoflowTaskEnd("rollback", "ship");
      const outcome = await outcomeWithoutBox("momoflow.rollbackLastRun", {
        uri: document.uri,
        workflow: "ship",
        confirm: false,
      });
      assert.equal(outcome.status, "started", JSON.stringify(outcome));
      assert.equal(await ended, 0, "the rollback's exit code");
    } finally {
      if (before === undefined) delete process.env[variable];
      else process.env[variable] = before;
    }
    assert.deepEqual(ops(), [`upload-${TOKEN}`, `undo-upload-${TOKEN}`]);
  });
});
