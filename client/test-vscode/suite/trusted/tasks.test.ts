import * as assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";
import { isProcessAlive } from "@momoflow/record";
import type { CommandOutcome } from "../../../src/run/run-controller";
import {
  codeLenses,
  codeLensTitles,
  codeOf,
  extensionApi,
  diagnosticsOf,
  momoflowTaskEnd,
  openInEditor,
  runToEnd,
  waitFor,
  workspaceFile,
} from "../support/workspace";

describe("momoflow tasks", () => {
  it('"Run Task" lists a run task per workflow and a test task per file with tests', async () => {
    const tasks = await vscode.tasks.fetchTasks({ type: "momoflow" });
    const definitions = tasks.map((t) => t.definition);
    const has = (action: string, file: string, workflow?: string): boolean =>
      definitions.some(
        (d) =>
          d.action === action &&
          String(d.file).endsWith(file) &&
          (workflow === undefined || d.workflow === workflow),
      );
    assert.ok(has("run", "report.momoflow", "weekly_report"), JSON.stringify(definitions));
    assert.ok(has("run", "slow.momoflow", "slow"), JSON.stringify(definitions));
    assert.ok(has("test", "report.momoflow"), JSON.stringify(definitions));
    assert.ok(!has("test", "slow.momoflow"), "slow.momoflow has no tests");
  });

  it("a momoflow task written into tasks.json runs", async () => {
    const tasks = await vscode.tasks.fetchTasks({ type: "momoflow" });
    const fromJson = tasks.find((t) => t.name === "weekly report from tasks.json");
    assert.ok(fromJson, tasks.map((t) => t.name).join(", "));
    const ended = momoflowTaskEnd("run", "weekly_report");
    await vscode.tasks.executeTask(fromJson);
    assert.equal(await ended, 0);
    assert.ok(existsSync(workspaceFile("out/published.csv").fsPath));
  });

  it("a workflow that runs is not started twice; Stop interrupts it as Ctrl+C does, undoes its first step and keeps its terminal", async () => {
    const document = await openInEditor("slow.momoflow");
    const args = { uri: document.uri, workflow: "slow" };
    const pid = new Promise<number>((resolve) => {
      const listener = vscode.tasks.onDidStartTaskProcess((event) => {
        if (event.execution.task.definition.workflow !== "slow") return;
        listener.dispose();
        resolve(event.processId);
      });
    });
    const first = await vscode.commands.executeCommand<CommandOutcome>(
      "momoflow.runWorkflow",
      args,
    );
    assert.equal(first.status, "started", JSON.stringify(first));
    const made = workspaceFile("slow-first.txt").fsPath;
    await waitFor("the first step's file", () => (existsSync(made) ? true : undefined));

    const second = await vscode.commands.executeCommand<CommandOutcome>(
      "momoflow.runWorkflow",
      args,
    );
    assert.equal(second.status, "refused");
    assert.match(second.status === "refused" ? second.reason : "", /slow is already running/);

    const ended = momoflowTaskEnd("run", "slow");
    await vscode.commands.executeCommand("momoflow.stopRun", {
      key: first.status === "started" ? first.key : "",
    });
    // Ctrl+C: the CLI cancels, rolls back and reports in its terminal, which stays
    // (terminating the task closed the terminal, and the CLI got a SIGHUP 5 s later).
    assert.equal(await ended, 130, "the CLI's exit code after an interrupt");
    await waitFor("the first step to be undone", () => (existsSync(made) ? undefined : true));
    const result = latestRunResult();
    assert.equal(result.status, "cancelled");
    assert.match(result.error ?? "", /cancelled by SIGINT/);
    const processId = await pid;
    const ids = await Promise.all(vscode.window.terminals.map((t) => t.processId));
    assert.ok(ids.includes(processId), "the run's terminal is still open");
  });

  it("a tasks.json task that names no workflow runs the file's workflow: its lens says Running…, a second run is refused, ■ Stop stops it", async () => {
    const document = await openInEditor("slow.momoflow");
    const tasks = await vscode.tasks.fetchTasks({ type: "momoflow" });
    const fromJson = tasks.find((t) => t.name === "slow from tasks.json");
    assert.ok(fromJson, tasks.map((t) => t.name).join(", "));
    const made = workspaceFile("slow-first.txt").fsPath;
    await vscode.tasks.executeTask(fromJson);
    await waitFor("the first step's file", () => (existsSync(made) ? true : undefined));

    const stop = await waitFor("the ■ Stop lens of slow", async () =>
      (await codeLenses(document.uri)).find((l) => l.command?.title === "■ Stop"),
    );
    const second = await vscode.commands.executeCommand<CommandOutcome>("momoflow.runWorkflow", {
      uri: document.uri,
      workflow: "slow",
    });
    assert.equal(second.status, "refused", JSON.stringify(second));

    const ended = momoflowTaskEnd("run");
    await vscode.commands.executeCommand(stop.command!.command, ...(stop.command!.arguments ?? []));
    assert.equal(await ended, 130, "the CLI's exit code after an interrupt");
    await waitFor("the first step to be undone", () => (existsSync(made) ? undefined : true));
  });

  it("a run started outside the editor (a terminal) that still runs: the lens says Running…, ▶ Run does not start it a second time", async () => {
    const { document, made, cli, exited } = await startRunOutsideEditor();
    try {
      await waitFor("the terminal run's first step", () => (existsSync(made) ? true : undefined));
      const titles = await waitFor("the Running… lens of slow", async () => {
        const shown = await codeLensTitles(document.uri);
        return shown.some((t) => t.includes("Running…")) ? shown : undefined;
      });
      assert.ok(!titles.includes("▶ Run"), titles.join(" | "));
      const second = await vscode.commands.executeCommand<CommandOutcome>("momoflow.runWorkflow", {
        uri: document.uri,
        workflow: "slow",
      });
      assert.equal(second.status, "refused", JSON.stringify(second));
      assert.match(
        second.status === "refused" ? second.reason : "",
        new RegExp(`slow is already running \\(pid ${cli.pid}, started outside the editor`),
      );
    } finally {
      // Ctrl+C, as in its terminal: the run is cancelled and its first step undone.
      cli.kill("SIGINT");
      await exited;
    }
    await waitFor("the first step to be undone", () => (existsSync(made) ? undefined : true));
    await waitFor("▶ Run back", async () =>
      (await codeLensTitles(document.uri)).includes("▶ Run") ? true : undefined,
    );
  });

  it("a run started outside the editor (a terminal) has a ■ Stop that stops it as Ctrl+C there would: cancelled, its first step undone", async () => {
    const { document, made, cli, exited } = await startRunOutsideEditor();
    try {
      await waitFor("the terminal run's first step", () => (existsSync(made) ? true : undefined));
      const stop = await waitFor("the ■ Stop lens of the terminal's run", async () =>
        (await codeLenses(document.uri)).find((l) => l.command?.title === "■ Stop"),
      );
      assert.match(stop.command?.tooltip ?? "", new RegExp(`pid ${cli.pid}`));
      await vscode.commands.executeCommand(
        stop.command!.command,
        ...(stop.command!.arguments ?? []),
      );
      assert.equal(await exited, 130, "the CLI's exit code after an interrupt");
    } finally {
      // Not stopped (the test failed): Ctrl+C, as in its terminal.
      if (cli.exitCode === null) cli.kill("SIGINT");
      await exited;
    }
    await waitFor("the first step to be undone", () => (existsSync(made) ? undefined : true));
    const result = latestRunResult();
    assert.equal(result.status, "cancelled");
    assert.match(result.error ?? "", /cancelled by SIGINT/);
    await waitFor("▶ Run back", async () =>
      (await codeLensTitles(document.uri)).includes("▶ Run") ? true : undefined,
    );
  });

  it("momoflow: Run Benchmarks starts `momoflow bench` as a task in the folder (stopped here)", async function () {
    // code-server reports a terminated task's end long after its process is gone
    // (35 s and more here): the CLI's own end is checked by its pid, the report waited for.
    this.timeout(180_000);
    const pid = new Promise<number | undefined>((resolve) => {
      const listener = vscode.tasks.onDidStartTaskProcess((event) => {
        if (event.execution.task.definition.action !== "bench") return;
        listener.dispose();
        resolve(event.processId);
      });
    });
    await vscode.commands.executeCommand("momoflow.runBenchmarks");
    const bench = await waitFor("the bench task", () =>
      vscode.tasks.taskExecutions.find(
        (e) => e.task.definition.type === "momoflow" && e.task.definition.action === "bench",
      ),
    );
    assert.equal(bench.task.execution instanceof vscode.ProcessExecution, true);
    const args = (bench.task.execution as vscode.ProcessExecution).args;
    assert.ok(args.includes("bench"), args.join(" "));
    assert.ok(args.includes(workspaceFile(".").fsPath), args.join(" "));
    // The whole suite takes minutes: that it starts in its terminal is what is checked here.
    const ended = momoflowTaskEnd("bench", undefined, 170_000);
    const processId = await pid;
    assert.ok(processId, "the bench task's process id");
    bench.terminate();
    await waitFor(
      "the bench process to end",
      () => (isProcessAlive(processId) ? undefined : true),
      10_000,
    );
    await ended;
  });

  it("a run refused for errors in the file leaves each error once in Problems", async () => {
    const document = await openInEditor("broken.momoflow");
    await diagnosticsOf(document);
    assert.equal(
      await runToEnd(document.uri, "site"),
      2,
      "the CLI refuses a file with errors (exit code 2)",
    );
    // A problem matcher's markers come with the task's output; a moment after its end, none
    // may repeat what the language server reports (nor outlive its fix).
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const codes = vscode.languages.getDiagnostics(document.uri).map(codeOf);
    assert.deepEqual(codes, ["MF002"]);
  });
});

/** `momoflow run slow.momoflow` started as a terminal would, outside the editor: its process, and its exit code to come. */
async function startRunOutsideEditor(): Promise<{
  document: vscode.TextDocument;
  made: string;
  cli: ChildProcess;
  exited: Promise<number | null>;
}> {
  const document = await openInEditor("slow.momoflow");
  const api = await extensionApi();
  const cli = spawn(process.execPath, [api.services.paths.cliPath, "run", document.uri.fsPath], {
    cwd: workspaceFile(".").fsPath,
    env: { ...process.env, ELECTRON_RUN_AS_NODE: "1" },
    stdio: "ignore",
    detached: true,
  });
  const exited = new Promise<number | null>((resolve) => cli.once("exit", (code) => resolve(code)));
  return { document, made: workspaceFile("slow-first.txt").fsPath, cli, exited };
}

/** The result.json of the workspace folder's latest run (`.momoflow/runs/latest`). */
function latestRunResult(): { status: string; error?: string } {
  const runs = workspaceFile(".momoflow/runs").fsPath;
  const latest = readFileSync(join(runs, "latest"), "utf8").trim();
  return JSON.parse(readFileSync(join(runs, latest, "result.json"), "utf8")) as {
    status: string;
    error?: string;
  };
}
