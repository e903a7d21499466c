/**
 * The metrics panel's host: one webview panel (Run, History, Graph,
 * Benchmarks) for one workflow at a time. It reads the data with the pure
 * `metrics-data.ts`, posts it to the page, and refreshes when a run ends
 * (`.momoflow/runs/<id>/result.json`), when the benchmark report changes,
 * and when the workflow's file is saved.
 *
 * The page is not kept alive while hidden (`retainContextWhenHidden: false`):
 * it keeps its own state with `setState`, and when it comes back it says
 * `ready` and gets the data again.
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { basename, isAbsolute, join, relative } from "node:path";
import * as vscode from "vscode";
import type { RunRecordChange } from "../run-records/run-record-events";
import type { BundledCli } from "../cli-runtime";
import { openStepLog } from "../metrics/open-step-log";
import { samePath } from "../run-records/run-history";
import { fileRunsDirs } from "../run/task-place";
import {
  cliGraphLoader,
  gatherMetrics,
  runsDirOfRoot,
  type GraphLoader,
  type MetricsTarget,
} from "./metrics-data";
import {
  dataMessage,
  METRICS_VIEW_TYPE,
  parsePageMessage,
  type MetricsSnapshot,
  type OpenLogMessage,
  type PageToHostMessage,
  type RevealStepMessage,
  type TabId,
} from "./protocol";
import { renderWebviewHtml } from "./webview-html";

/** What the panel needs from the extension. */
export interface MetricsPanelDeps {
  extensionUri: vscode.Uri;
  output: vscode.LogOutputChannel;
  /**
   * How to run the bundled CLI (for `momoflow graph`), read when needed.
   * @throws Error saying what is wrong with `momoflow.runtime` (the graph's problem then).
   */
  cli: () => BundledCli;
  /** Starts `momoflow bench` in a task for `folder`. */
  runBenchmarks: (folder: string) => Promise<void>;
  /** Changes of the run records (see `RunRecordEvents`). */
  onRunRecordsChanged: vscode.Event<RunRecordChange>;
}

/** Changes closer together than this make one refresh (a run writes several files). */
const REFRESH_DELAY_MS = 250;

/** The metrics panel (there is at most one). */
export class MetricsPanel implements vscode.Disposable {
  private static current: MetricsPanel | undefined;

  /** The open panel, if any. */
  static get open(): MetricsPanel | undefined {
    return MetricsPanel.current;
  }

  /**
   * Shows the panel for `target` (opening it beside the editor, or
   * retargeting the open one), on `tab` when given.
   */
  static show(
    deps: MetricsPanelDeps,
    target: MetricsTarget | undefined,
    tab?: TabId,
  ): MetricsPanel {
    const open = MetricsPanel.current;
    if (open) {
      if (target) open.retarget(target);
      if (tab) open.tab = tab;
      open.panel.reveal(undefined, false);
      void open.refreshNow();
      return open;
    }
    const panel = vscode.window.createWebviewPanel(
      METRICS_VIEW_TYPE,
      "momoflow metrics",
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
      MetricsPanel.webviewOptions(deps.extensionUri),
    );
    return new MetricsPanel(panel, deps, target ?? { root: "" }, tab ?? "run");
  }

  /** Takes over a panel VS Code restored after a restart. */
  static revive(
    panel: vscode.WebviewPanel,
    deps: MetricsPanelDeps,
    target: MetricsTarget,
    tab: TabId,
  ): MetricsPanel {
    MetricsPanel.current?.dispose();
    panel.webview.options = MetricsPanel.webviewOptions(deps.extensionUri);
    return new MetricsPanel(panel, deps, target, tab);
  }

  private static webviewOptions(
    extensionUri: vscode.Uri,
  ): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      enableCommandUris: false,
      // The page loads only its own script and stylesheet.
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, "dist", "webview")],
      retainContextWhenHidden: false,
      enableFindWidget: true,
    };
  }

  private target: MetricsTarget;
  private tab: TabId;
  private snapshot: MetricsSnapshot | undefined;
  /** Data changed while the page was hidden: gather again when it comes back. */
  private stale = true;
  private generation = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private watchers: vscode.Disposable[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  /** Graphs by file and workflow, until the file is saved. */
  private readonly graphs = new Map<string, ReturnType<GraphLoader>>();

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly deps: MetricsPanelDeps,
    target: MetricsTarget,
    tab: TabId,
  ) {
    MetricsPanel.current = this;
    this.target = target;
    this.tab = tab;
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, "images", "icon.png");
    panel.webview.html = this.html();
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      vscode.workspace.onDidSaveTextDocument((doc) => this.onSaved(doc)),
      vscode.workspace.onDidRenameFiles((e) => this.onRenamed(e.files)),
      deps.onRunRecordsChanged(({ runsDir }) => {
        if (this.runsDirs().some((dir) => samePath(dir, runsDir))) this.schedule();
      }),
    );
    this.watch();
    this.updateTitle();
  }

  /** The runs folders of the workflow shown (see `MetricsTarget.runsDirs`). */
  private runsDirs(): readonly string[] {
    if (this.target.runsDirs) return this.target.runsDirs;
    return this.target.root ? [runsDirOfRoot(this.target.root)] : [];
  }

  /** The workflow shown and where its records are. */
  get shown(): MetricsTarget {
    return { ...this.target };
  }

  /** The data last sent to the page (for tests). */
  get data(): MetricsSnapshot | undefined {
    return this.snapshot;
  }

  /** Shows another workflow (or the same again: its data are read anew). */
  retarget(target: MetricsTarget): void {
    const folderChanged = target.root !== this.target.root;
    this.target = target;
    this.snapshot = undefined;
    this.graphs.clear();
    if (folderChanged) this.watch();
  }

  /** Reads the data again and posts them to the page. */
  refreshNow(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    return this.refresh();
  }

  dispose(): void {
    if (MetricsPanel.current === this) MetricsPanel.current = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.generation++;
    for (const d of [...this.watchers, ...this.disposables]) d.dispose();
    this.watchers = [];
    this.disposables.length = 0;
    this.panel.dispose();
  }

  private html(): string {
    const webview = this.panel.webview;
    const base = vscode.Uri.joinPath(this.deps.extensionUri, "dist", "webview");
    return renderWebviewHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(18).toString("base64"),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(base, "main.js")).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(base, "main.css")).toString(),
    });
  }

  private async receive(raw: unknown): Promise<void> {
    const message = parsePageMessage(raw);
    if (!message) {
      this.deps.output.warn(
        `metrics page: ignored a message that is not one: ${JSON.stringify(raw)}`,
      );
      return;
    }
    try {
      await this.handle(message);
    } catch (error) {
      this.deps.output.error(
        `metrics page: ${message.type} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private async handle(message: PageToHostMessage): Promise<void> {
    switch (message.type) {
      case "ready":
        if (this.snapshot && !this.stale) await this.post();
        else await this.refresh();
        return;
      case "selectTab":
        this.tab = message.tab;
        return;
      case "revealStep":
        await this.reveal(message);
        return;
      case "openLog":
        await this.openLog(message);
        return;
      case "runBenchmarks":
        if (!this.target.root) {
          void vscode.window.showInformationMessage("Open a folder to run the benchmarks in.");
          return;
        }
        await this.deps.runBenchmarks(this.target.root);
        return;
    }
  }

  /** Gathers the data and posts them; never rejects (a failure is logged). */
  private async refresh(): Promise<void> {
    try {
      await this.gatherAndPost();
    } catch (error) {
      this.deps.output.error(
        `metrics: could not read the data: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    }
  }

  private async gatherAndPost(): Promise<void> {
    const generation = ++this.generation;
    if (!this.target.root) {
      this.snapshot = {
        workflow: null,
        run: null,
        history: [],
        graph: null,
        bench: null,
        problems: ["Open a folder or a .momoflow file to see its metrics."],
      };
    } else {
      const snapshot = await gatherMetrics(this.target, (file, workflow) =>
        this.graphOf(file, workflow),
      );
      if (generation !== this.generation) return; // a newer refresh or dispose came first
      this.snapshot = snapshot;
      if (snapshot.workflow && !this.target.workflow) this.target.workflow = snapshot.workflow;
      if (snapshot.graph && !this.target.source) this.target.source = snapshot.graph.file;
      for (const problem of snapshot.problems) this.deps.output.warn(`metrics: ${problem}`);
    }
    this.stale = false;
    this.updateTitle();
    await this.post();
  }

  private async post(): Promise<void> {
    if (!this.snapshot) return;
    await this.panel.webview.postMessage(dataMessage(this.snapshot, this.tab));
  }

  private graphOf(file: string, workflow: string | undefined): ReturnType<GraphLoader> {
    const key = `${file}\u0000${workflow ?? ""}`;
    let graph = this.graphs.get(key);
    if (!graph) {
      graph = cliGraphLoader(this.deps.cli())(file, workflow);
      // A failure is not kept: the next refresh tries again.
      graph.catch(() => this.graphs.delete(key));
      this.graphs.set(key, graph);
    }
    return graph;
  }

  /** Refreshes soon (when the page is visible; otherwise when it comes back). */
  private schedule(): void {
    this.stale = true;
    if (!this.panel.visible) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, REFRESH_DELAY_MS);
  }

  private watch(): void {
    for (const w of this.watchers) w.dispose();
    this.watchers = [];
    if (!this.target.root) return;
    const folder = vscode.Uri.file(this.target.root);
    // Run records come through deps.onRunRecordsChanged; benchmark results are watched here.
    const watcher = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(folder, ".momoflow/bench/latest.json"),
    );
    watcher.onDidCreate(() => this.schedule());
    watcher.onDidChange(() => this.schedule());
    watcher.onDidDelete(() => this.schedule());
    // A workflow file changed on disk without a save in VS Code (a `git pull`,
    // another editor, a script) changes the graph as a save does.
    const sources = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(folder, "**/*.momoflow"),
    );
    sources.onDidCreate((uri) => this.onSourceChanged(uri));
    sources.onDidChange((uri) => this.onSourceChanged(uri));
    sources.onDidDelete((uri) => this.onSourceChanged(uri));
    this.watchers.push(watcher, sources);
  }

  /** The workflow's file (or a folder above it) was renamed or moved: the panel follows it. */
  private onRenamed(files: readonly { oldUri: vscode.Uri; newUri: vscode.Uri }[]): void {
    const source = this.target.source;
    if (!source) return;
    for (const { oldUri, newUri } of files) {
      const inside = relative(oldUri.fsPath, source);
      if (inside.startsWith("..") || isAbsolute(inside)) continue;
      this.target.source = inside === "" ? newUri.fsPath : join(newUri.fsPath, inside);
      // Its runs are recorded in its folder (see runWorkdir): those of the new one from now on.
      this.target.runsDirs = fileRunsDirs(vscode.Uri.file(this.target.source));
      this.graphs.clear();
      this.schedule();
      return;
    }
  }

  private onSaved(doc: vscode.TextDocument): void {
    if (doc.uri.scheme === "file") this.onSourceChanged(doc.uri);
  }

  /** A `.momoflow` file was saved, or changed on disk: the graph is read again. */
  private onSourceChanged(uri: vscode.Uri): void {
    // The records folder `.momoflow/` matches the watcher's glob too.
    if (!uri.path.endsWith(".momoflow") || /\/\.momoflow(\/|$)/.test(uri.path)) return;
    // Any .momoflow file may be the workflow's, or one it imports.
    if (this.graphs.size > 0) this.graphs.clear();
    if (this.target.source) this.schedule();
  }

  private updateTitle(): void {
    const workflow = this.snapshot?.workflow ?? this.target.workflow;
    this.panel.title = workflow ? `Metrics: ${workflow}` : "momoflow metrics";
  }

  /**
   * Opens a step's log of the run on show. The page names a run and a step
   * only; the file is found in this folder's own run record, never at a path
   * the page could choose.
   */
  private async openLog(message: OpenLogMessage): Promise<void> {
    const run = this.snapshot?.run;
    if (
      !this.target.root ||
      run?.runId !== message.runId ||
      !run.steps.some((s) => s.id === message.step)
    ) {
      void vscode.window.showWarningMessage(
        `Step "${message.step}" of run ${message.runId} is not shown any more.`,
      );
      return;
    }
    // The run's folder, in whichever of the workflow's runs folders holds it.
    const runDirs = this.runsDirs().map((dir) => join(dir, run.runId));
    await openStepLog(runDirs.find((dir) => existsSync(dir)) ?? runDirs[0]!, message.step);
    this.deps.output.debug(`metrics: opened the log of step ${message.step}`);
  }

  private async reveal(message: RevealStepMessage): Promise<void> {
    const graph = this.snapshot?.graph;
    const node =
      graph && graph.workflow === message.workflow
        ? graph.nodes.find((n) => n.id === message.step)
        : undefined;
    if (!graph || !node) {
      void vscode.window.showWarningMessage(
        `Step "${message.step}" of ${message.workflow} is not in the graph any more: save the file to refresh it.`,
      );
      return;
    }
    // A called workflow's step may be declared in an imported file.
    const uri = vscode.Uri.file(node.file ?? graph.file);
    const range = new vscode.Range(
      node.range.start.line,
      node.range.start.character,
      node.range.end.line,
      node.range.end.character,
    );
    const visible = vscode.window.visibleTextEditors.find(
      (e) => e.document.uri.toString() === uri.toString(),
    );
    const column =
      visible?.viewColumn ??
      (this.panel.viewColumn === vscode.ViewColumn.One
        ? vscode.ViewColumn.Two
        : vscode.ViewColumn.One);
    const editor = await vscode.window.showTextDocument(uri, {
      viewColumn: column,
      selection: range,
      preserveFocus: false,
    });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    this.deps.output.debug(`metrics: revealed step ${message.step} in ${basename(uri.fsPath)}`);
  }
}
