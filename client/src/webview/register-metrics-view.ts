/**
 * The metrics webview feature: the commands `momoflow.openMetrics`,
 * `momoflow.showGraph` and `momoflow.runBenchmarks` (a `momoflow` task with
 * `action: "bench"`), and the panel's restoration after a restart.
 */
import { dirname } from "node:path";
import * as vscode from "vscode";
import type { ClientServices } from "../client-services";
import type { MomoflowTaskDefinition } from "../run/task-definition";
import { createMomoflowTask } from "../run/momoflow-tasks";
import { cliRuntime, runtimeSettingProblem } from "../cli-runtime";
import type { MetricsTarget } from "./metrics-data";
import { MetricsPanel, type MetricsPanelDeps } from "./metrics-panel";
import { METRICS_VIEW_TYPE, parsePageState, type TabId } from "./protocol";
import { documentOutline } from "../outline/server-outline";
import { workflowAtLine } from "../outline/document-outline";
import { fileRunsDirs } from "../run/task-place";
import { pickWorkspaceWorkflow } from "./workspace-workflow-pick";
import { OPEN_METRICS_COMMAND, RUN_BENCHMARKS_COMMAND, SHOW_GRAPH_COMMAND } from "../commands";

/** Arguments of `momoflow.openMetrics` and `momoflow.showGraph` (CodeLens passes both). */
export interface MetricsCommandArgs {
  /** The `.momoflow` file (a URI, or its string form). */
  uri?: vscode.Uri | string;
  /** The workflow's name. */
  workflow?: string;
}

/** Arguments of `momoflow.runBenchmarks`. */
export interface RunBenchmarksArgs {
  /** The workspace folder (a path or URI); default: the only folder, or one picked. */
  folder?: vscode.Uri | string;
}

/** Registers the metrics panel, its commands and the benchmark task. */
export function registerMetricsView(
  context: vscode.ExtensionContext,
  services: ClientServices,
): void {
  const deps: MetricsPanelDeps = {
    extensionUri: services.paths.extensionUri,
    output: services.output,
    cli: () => {
      // momoflow.runtime is a restricted setting: in Restricted Mode VS Code
      // returns only the user's value, never the workspace's.
      const setting = vscode.workspace.getConfiguration("momoflow").get<string>("runtime");
      // Said as the graph's problem, naming the setting (not `spawn … ENOENT`).
      const problem = runtimeSettingProblem(setting);
      if (problem) throw new Error(problem);
      const runtime = cliRuntime(process.execPath, setting, {});
      return { runtime, cliPath: services.paths.cliPath };
    },
    runBenchmarks: (folder) => runBenchmarks(services, { folder }),
    onRunRecordsChanged: services.runRecords.onDidChange,
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(OPEN_METRICS_COMMAND, (arg?: unknown) =>
      openMetrics(deps, services, arg),
    ),
    vscode.commands.registerCommand(SHOW_GRAPH_COMMAND, (arg?: unknown) =>
      openMetrics(deps, services, arg, "graph"),
    ),
    vscode.commands.registerCommand(RUN_BENCHMARKS_COMMAND, (arg?: unknown) =>
      runBenchmarks(services, benchArgs(arg)),
    ),
    vscode.window.registerWebviewPanelSerializer(METRICS_VIEW_TYPE, {
      async deserializeWebviewPanel(panel, state: unknown) {
        const saved = parsePageState(state);
        const data = saved?.data;
        const source = data?.graph?.file ?? data?.run?.source;
        const target = targetOf(
          source ? vscode.Uri.file(source) : undefined,
          data?.workflow ?? undefined,
        );
        MetricsPanel.revive(panel, deps, target ?? { root: "" }, saved?.activeTab ?? "run");
      },
    }),
    { dispose: () => MetricsPanel.open?.dispose() },
  );
}

/**
 * Opens (or retargets) the panel for the workflow the arguments name, or
 * else the one at the cursor of the active editor (as Run Workflow takes it).
 */
async function openMetrics(
  deps: MetricsPanelDeps,
  services: ClientServices,
  arg: unknown,
  tab?: TabId,
): Promise<MetricsPanel | undefined> {
  const { uri, workflow } = metricsArgs(arg);
  const editor = vscode.window.activeTextEditor;
  const inEditor = editor?.document.languageId === "momoflow" ? editor : undefined;
  const file = uri ?? inEditor?.document.uri;
  if (file && file.scheme !== "file") {
    // Not the open panel's workflow either: its graph and runs are of a file on disk.
    void vscode.window.showInformationMessage(
      "Save the file first: its graph and metrics are read from the file on disk.",
    );
    return undefined;
  }
  if (!file) {
    // No file: a workflow run anywhere in the workspace (a sub-folder's file, another folder's).
    const choice = await pickWorkspaceWorkflow();
    if (choice.picked)
      return MetricsPanel.show(
        deps,
        targetOf(vscode.Uri.file(choice.picked.source), workflow ?? choice.picked.workflow),
        tab,
      );
    if (choice.cancelled) return undefined;
  }
  const target = targetOf(file, workflow ?? (await workflowAtCursor(services, inEditor, file)));
  // Without a file or folder the open panel keeps what it shows.
  return MetricsPanel.show(deps, target ?? (MetricsPanel.open ? undefined : { root: "" }), tab);
}

/** The workflow around the cursor of `editor` when it shows `file`; undefined otherwise. */
async function workflowAtCursor(
  services: ClientServices,
  editor: vscode.TextEditor | undefined,
  file: vscode.Uri | undefined,
): Promise<string | undefined> {
  if (!editor || !file || editor.document.uri.toString() !== file.toString()) return undefined;
  const outline = await documentOutline(file, services);
  return workflowAtLine(outline, editor.selection.active.line)?.name;
}

/** The records folder and file of a `.momoflow` file (or of the first workspace folder). */
function targetOf(
  file: vscode.Uri | undefined,
  workflow: string | undefined,
): MetricsTarget | undefined {
  const target: MetricsTarget = { root: "" };
  if (file) {
    const folder = vscode.workspace.getWorkspaceFolder(file);
    target.root = folder?.uri.fsPath ?? (file.scheme === "file" ? dirname(file.fsPath) : "");
    if (file.scheme === "file" && file.fsPath.endsWith(".momoflow")) {
      target.source = file.fsPath;
      // Its runs are where `momoflow run <file>` records them, its folder (see runWorkdir),
      // and at the workspace root, where older versions did.
      target.runsDirs = fileRunsDirs(file);
    }
  } else {
    const first = vscode.workspace.workspaceFolders?.[0];
    if (!first) return undefined;
    target.root = first.uri.fsPath;
  }
  if (workflow) target.workflow = workflow;
  return target.root ? target : undefined;
}

function metricsArgs(arg: unknown): { uri?: vscode.Uri; workflow?: string } {
  // From a menu, VS Code passes the resource's URI.
  if (arg instanceof vscode.Uri) return { uri: arg };
  if (typeof arg !== "object" || arg === null) return {};
  const { uri, workflow } = arg as MetricsCommandArgs;
  const result: { uri?: vscode.Uri; workflow?: string } = {};
  const parsed = toUri(uri);
  if (parsed) result.uri = parsed;
  if (typeof workflow === "string" && workflow) result.workflow = workflow;
  return result;
}

function benchArgs(arg: unknown): RunBenchmarksArgs {
  if (arg instanceof vscode.Uri) return { folder: arg };
  if (typeof arg !== "object" || arg === null) return {};
  const { folder } = arg as RunBenchmarksArgs;
  return folder === undefined ? {} : { folder };
}

function toUri(value: unknown): vscode.Uri | undefined {
  if (value instanceof vscode.Uri) return value;
  if (typeof value !== "string" || value === "") return undefined;
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? vscode.Uri.parse(value) : vscode.Uri.file(value);
}

/**
 * Starts `momoflow bench` in a task (refused in Restricted Mode, and while
 * the benchmarks already run in that folder). The report lands in
 * `<folder>/.momoflow/bench/latest.json`, which the open panel watches.
 */
async function runBenchmarks(services: ClientServices, args: RunBenchmarksArgs): Promise<void> {
  if (!services.isTrusted()) {
    const manage = "Manage Workspace Trust";
    const choice = await vscode.window.showWarningMessage(
      "Benchmarks do not run in Restricted Mode: they execute code. Trust this workspace to run them.",
      manage,
    );
    if (choice === manage) await vscode.commands.executeCommand("workbench.trust.manage");
    return;
  }
  const folder = await benchFolder(args.folder);
  if (!folder) return;
  const running = vscode.tasks.taskExecutions.find(
    (e) =>
      e.task.definition.type === "momoflow" &&
      e.task.definition.action === "bench" &&
      typeof e.task.scope === "object" &&
      e.task.scope.uri.toString() === folder.uri.toString(),
  );
  if (running) {
    void vscode.window.showInformationMessage(
      `The benchmarks are already running in ${folder.name}: see the "${running.task.name}" terminal.`,
    );
    return;
  }
  const problem = runtimeSettingProblem(
    vscode.workspace.getConfiguration("momoflow", folder.uri).get<string>("runtime"),
  );
  if (problem) {
    void vscode.window.showErrorMessage(problem);
    return;
  }
  const definition: MomoflowTaskDefinition = { type: "momoflow", action: "bench" };
  services.output.info(`benchmarks: momoflow bench in ${folder.uri.fsPath}`);
  await vscode.tasks.executeTask(
    createMomoflowTask(definition, { scope: folder, workdir: folder.uri.fsPath }, services),
  );
}

async function benchFolder(
  folder: vscode.Uri | string | undefined,
): Promise<vscode.WorkspaceFolder | undefined> {
  const uri = folder instanceof vscode.Uri ? folder : toUri(folder);
  if (uri) {
    const found = vscode.workspace.getWorkspaceFolder(uri);
    if (found) return found;
  }
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void vscode.window.showInformationMessage("Open a folder to run the benchmarks in.");
    return undefined;
  }
  if (folders.length === 1) return folders[0];
  return vscode.window.showWorkspaceFolderPick({
    placeHolder: "Where to save the benchmark report (.momoflow/bench/)",
  });
}
