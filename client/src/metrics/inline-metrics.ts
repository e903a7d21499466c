import * as vscode from "vscode";
import { incompleteLogsOf } from "../status-bar-view";
import type { ClientServices } from "../client-services";
import type { RunRecordChange } from "../run-records/run-record-events";
import { type RunResultFile, runRecordPaths } from "@momoflow/record";
import { readCheckedResultFile } from "@momoflow/record";
import type { DocumentOutline, WorkflowOutline } from "../outline/document-outline";
import { workflowStepDigests } from "../outline/step-digests";
import { recordedStepDefinitions, stepDefinitions, type StepDefinition } from "./metrics-staleness";
import { RunHistory, samePath } from "../run-records/run-history";
import { errorBlock, type StepMetricsTone } from "./step-metrics-text";
import { type FailingLineMark, workflowMetricsView } from "./workflow-metrics";
import { markdownText } from "./markdown-text";
import { recordedMembers } from "./step-group-metrics";
import {
  failingScriptPlace,
  failingScriptPlaceLink,
  type FailingScriptPlace,
} from "./failing-script-line";
import { fileRunsDirs } from "../run/task-place";
import { isWorkflowTaskRunning } from "../run/running-tasks";
import { documentOutline } from "../outline/server-outline";
import { OPEN_STEP_LOG_COMMAND } from "../commands";
import { openStepLog } from "./open-step-log";
import { incompleteLogsNote, stepLogLinks } from "./step-log-links";

/** Edits come in bursts: the outline is asked again once they pause. */
const EDIT_DELAY_MS = 300;

/** The colour of each tone: muted, except what needs attention. */
const TONE_COLOR: Record<StepMetricsTone, string> = {
  success: "editorCodeLens.foreground",
  muted: "editorCodeLens.foreground",
  rolled_back: "editorWarning.foreground",
  failed: "editorError.foreground",
};

/** The inline metrics as the extension's API offers them (extension-host tests). */
export interface InlineMetricsApi {
  /** The texts shown now at the end of step lines of `uri` (and of a line where a failed script stopped), by line (0-based). */
  shown(uri: vscode.Uri): ReadonlyMap<number, string>;
  /** The hovers (Markdown) of those texts, by line (0-based). */
  hovers(uri: vscode.Uri): ReadonlyMap<number, string>;
  /** Reads the run records again and redraws every visible momoflow editor. */
  refresh(): Promise<void>;
}

/** The run shown for one workflow, and what its steps ran (recorded, or when it was first shown). */
interface ShownRun {
  runId: string;
  /** The run's record folder. */
  dir: string;
  result: RunResultFile;
  baseline: StepDefinition[];
}

/**
 * Per-step figures of each workflow's latest run, at the end of the line of
 * each step's name: `✓ success · 1.52 s · 34.0 MB`, a failed step's error,
 * `↶` for rolled-back steps, and at the line where a failed bash script
 * stopped, that it stopped there; `(stale)` once what its steps run changed
 * since (see `metricsAreStale`). Updated when the run records change
 * (`RunRecordEvents`) and, debounced, after edits of the document or of what
 * it imports (`onDidChangeOutline`). Honours
 * `momoflow.inlineMetrics`.
 */
export class InlineMetrics implements vscode.Disposable {
  private readonly history = new RunHistory();
  /** Per document (uri string), per workflow: the run shown. */
  private readonly shown = new Map<string, Map<string, ShownRun>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /**
   * Per document (uri string): how many refreshes started, so that only the
   * latest draws, and when that one is done (an earlier one waits for it).
   */
  private readonly refreshes = new Map<string, { count: number; done: Promise<void> }>();
  /** Documents whose outline is being read for their figures. */
  private readonly reading = new Set<string>();
  /** Per document (uri string): the texts drawn and their hovers, by line. */
  private readonly drawn = new Map<string, Map<number, { text: string; hover: string }>>();
  private readonly decoration = vscode.window.createTextEditorDecorationType({
    after: { margin: "0 0 0 2em", fontStyle: "italic" },
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });

  constructor(private readonly services: ClientServices) {}

  /** Shows the figures in every visible momoflow editor of `uri` (all when undefined). */
  async refresh(uri?: vscode.Uri): Promise<void> {
    const documents = new Map<string, vscode.TextDocument>();
    for (const editor of vscode.window.visibleTextEditors)
      if (
        editor.document.languageId === "momoflow" &&
        (!uri || editor.document.uri.toString() === uri.toString())
      )
        documents.set(editor.document.uri.toString(), editor.document);
    await Promise.all([...documents.values()].map((d) => this.refreshDocument(d)));
  }

  /** Reads every run record again and shows the visible documents again. */
  async reload(): Promise<void> {
    this.history.invalidate();
    await this.refresh();
  }

  /** The run records of a folder changed: read again, and show again the documents they are of. */
  async recordsChanged(change: RunRecordChange): Promise<void> {
    this.history.invalidate(change.runsDir);
    if (change.resultFile) await this.resultChanged(change.resultFile);
    for (const editor of vscode.window.visibleTextEditors)
      if (
        editor.document.languageId === "momoflow" &&
        fileRunsDirs(editor.document.uri).some((dir) => samePath(dir, change.runsDir))
      )
        await this.refreshDocument(editor.document);
  }

  /** A result.json was written: a rewritten result of a run shown replaces it; the status bar tells. */
  private async resultChanged(path: string): Promise<void> {
    // Not a result (yet, or damaged): the next event brings it.
    const { result } = readCheckedResultFile(path);
    if (!result?.source) return;
    const source = result.source;
    // A rollback rewrote the result of a run shown: show the new one where the old one was.
    for (const runs of this.shown.values())
      for (const [workflow, shown] of runs)
        if (shown.runId === result.runId) runs.set(workflow, { ...shown, result });
    // A run started from a task is reported when its task ends; others (a terminal) here.
    if (!isWorkflowTaskRunning(vscode.Uri.file(source), result.workflow.id))
      this.services.statusBar.setLastRun(result.status, {
        workflow: result.workflow.id,
        file: vscode.Uri.file(source),
        durationMs: result.metrics.durationMs,
        runId: result.runId,
        startedAt: result.metrics.startTime,
        ...incompleteLogsOf(result),
      });
  }

  /** The document changed: figures are placed again (or marked stale) once edits pause. */
  edited(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    // Nothing shown and none being read: nothing to place again.
    if (!this.shown.has(key) && !this.reading.has(key)) return;
    this.refreshSoon(document);
  }

  /** Shows the figures of `document` again once edits pause. */
  private refreshSoon(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.refreshDocument(document);
      }, EDIT_DELAY_MS),
    );
  }

  /**
   * The outline of `uri` may have changed through a file it imports: its
   * figures are marked stale (or current again) as after an edit of it.
   */
  outlineChanged(uri: vscode.Uri): void {
    const key = uri.toString();
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
    if (document) this.edited(document);
  }

  /** The texts drawn in the editors of `uri`, by line. */
  shownIn(uri: vscode.Uri): ReadonlyMap<number, string> {
    return this.drawnIn(uri, "text");
  }

  /** The hovers of the texts drawn in the editors of `uri`, by line. */
  hoversIn(uri: vscode.Uri): ReadonlyMap<number, string> {
    return this.drawnIn(uri, "hover");
  }

  private drawnIn(uri: vscode.Uri, part: "text" | "hover"): ReadonlyMap<number, string> {
    const drawn = this.drawn.get(uri.toString()) ?? new Map();
    return new Map([...drawn].map(([line, shown]) => [line, shown[part]]));
  }

  /** Forgets a closed document. */
  closed(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    this.shown.delete(key);
    this.drawn.delete(key);
    this.refreshes.delete(key);
    this.reading.delete(key);
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.decoration.dispose();
  }

  private enabled(document: vscode.TextDocument): boolean {
    return vscode.workspace
      .getConfiguration("momoflow", document.uri)
      .get<boolean>("inlineMetrics", true);
  }

  /** Draws the figures of `document`; resolves once they are drawn, by this refresh or a later one. */
  private refreshDocument(document: vscode.TextDocument): Promise<void> {
    const key = document.uri.toString();
    const count = (this.refreshes.get(key)?.count ?? 0) + 1;
    const done = this.drawDocument(document, key, count);
    this.refreshes.set(key, { count, done });
    return done;
  }

  private async drawDocument(
    document: vscode.TextDocument,
    key: string,
    refresh: number,
  ): Promise<void> {
    const latest = (): boolean => this.refreshes.get(key)?.count === refresh;
    if (!this.enabled(document) || document.uri.scheme !== "file") {
      this.shown.delete(key);
      this.render(document, []);
      return;
    }
    const version = document.version;
    this.reading.add(key);
    let outline: DocumentOutline;
    try {
      outline = await documentOutline(document.uri, this.services);
    } finally {
      if (latest()) this.reading.delete(key);
    }
    if (document.isClosed) return;
    // A later refresh started meanwhile (a run ended, an edit paused): what it shows is newer.
    if (!latest()) return this.refreshes.get(key)?.done;
    // Edited while the outline was read: its lines are the old text's (or the server
    // answered that the text changed, with none); placed again once edits pause.
    if (document.version !== version) {
      this.refreshSoon(document);
      return;
    }
    const runsDirs = fileRunsDirs(document.uri);
    const previous = this.shown.get(key) ?? new Map<string, ShownRun>();
    const now = new Map<string, ShownRun>();
    const decorations: vscode.DecorationOptions[] = [];
    for (const workflow of outline.workflows) {
      const shown = this.runOf(runsDirs, document, workflow, previous.get(workflow.name));
      if (!shown) continue;
      now.set(workflow.name, shown);
      decorations.push(...this.decorationsOf(document, workflow, shown));
    }
    if (now.size > 0) this.shown.set(key, now);
    else this.shown.delete(key);
    this.render(document, decorations);
  }

  /** The latest finished run of a workflow, keeping the baseline of the one already shown. */
  private runOf(
    runsDirs: readonly string[],
    document: vscode.TextDocument,
    workflow: WorkflowOutline,
    previous: ShownRun | undefined,
  ): ShownRun | undefined {
    // Its own folder's runs, and those an older version recorded at the workspace root.
    const run = this.history.latestIn(runsDirs, {
      workflowId: workflow.name,
      source: document.uri.fsPath,
      // A run of the file from before it was renamed or moved shows too, as the CLI takes it.
      steps: workflowStepDigests(workflow),
    });
    if (!run) return undefined;
    // A run in progress (or killed) has no result yet: keep showing the previous one,
    // and have the run followed, so its end is seen even if no watcher reports it.
    if (run.status === undefined) {
      this.services.runRecords.follow(run.dir);
      return previous;
    }
    if (previous?.runId === run.runId && previous.result.status === run.status) return previous;
    // A damaged record shows nothing new: the figures shown before stay.
    const { result } = readCheckedResultFile(runRecordPaths(run.dir).result);
    if (!result) return previous;
    // What the run ran, as its record says; an older record says nothing: the steps when first shown.
    const baseline =
      recordedStepDefinitions(result) ??
      (previous?.runId === run.runId ? previous.baseline : stepDefinitions(workflow.steps));
    return { runId: run.runId, dir: run.dir, result, baseline };
  }

  private decorationsOf(
    document: vscode.TextDocument,
    workflow: WorkflowOutline,
    shown: ShownRun,
  ): vscode.DecorationOptions[] {
    const view = workflowMetricsView(
      shown.result,
      workflow.steps,
      shown.baseline,
      stepDefinitions(workflow.steps),
      {
        path: document.uri.fsPath,
        lineText: (line) => (line < document.lineCount ? document.lineAt(line).text : ""),
      },
    );
    return view.items.flatMap(({ step, view: metrics, failingLine }) => {
      const line = step.nameRange.start.line;
      if (line >= document.lineCount) return [];
      const text = document.lineAt(line);
      const hover = new vscode.MarkdownString(metrics.hover);
      // The step's log (or its instances' and called steps'), one click away from its figures.
      const links = stepLogLinks(shown.result.steps, step.name, shown.dir);
      // The line where its failed script stopped, one click away (in another file, too).
      const place = failingPlaceOf(shown.result, step.name);
      if (place) hover.appendMarkdown(`\n\nThe script stopped at ${failingScriptPlaceLink(place)}`);
      // A log a full disk cut short: said by the figures, as the run's summary says it.
      const incomplete = incompleteLogsNote(shown.result, step.name);
      if (incomplete) hover.appendMarkdown(`\n\n${incomplete}`);
      if (links) {
        hover.appendMarkdown(`\n\n${links}`);
        hover.isTrusted = { enabledCommands: [OPEN_STEP_LOG_COMMAND] };
      }
      // The line where its failed script stopped, marked where it is written.
      const stopped = failingLine && failingLineDecoration(document, step.name, failingLine);
      return [
        ...(stopped ? [stopped] : []),
        {
          // The whole line (not the end only), so hovering the step shows every figure.
          range: new vscode.Range(
            line,
            text.firstNonWhitespaceCharacterIndex,
            line,
            text.range.end.character,
          ),
          hoverMessage: hover,
          renderOptions: {
            after: {
              contentText: metrics.text,
              color: new vscode.ThemeColor(TONE_COLOR[metrics.tone]),
              ...(view.stale ? { textDecoration: "none; opacity: 0.6" } : {}),
            },
          },
        },
      ];
    });
  }

  private render(document: vscode.TextDocument, decorations: vscode.DecorationOptions[]): void {
    this.drawn.set(
      document.uri.toString(),
      new Map(
        decorations.map((d) => [
          d.range.start.line,
          {
            text: d.renderOptions?.after?.contentText ?? "",
            hover: d.hoverMessage instanceof vscode.MarkdownString ? d.hoverMessage.value : "",
          },
        ]),
      ),
    );
    for (const editor of vscode.window.visibleTextEditors)
      if (editor.document === document) editor.setDecorations(this.decoration, decorations);
  }
}

/** Where the first failed script of step `name` (itself, an instance, a called step) stopped, when its error says. */
function failingPlaceOf(result: RunResultFile, name: string): FailingScriptPlace | undefined {
  const { own, members } = recordedMembers(result.steps, name);
  const failure = [own, ...members].find(
    (s) => s?.error && (s.status === "failed" || s.status === "rollback_failed"),
  );
  return failure?.error ? failingScriptPlace(failure.error, result) : undefined;
}

/** The mark after the line where a step's failed script stopped; its hover, the whole error. */
function failingLineDecoration(
  document: vscode.TextDocument,
  stepName: string,
  mark: FailingLineMark,
): vscode.DecorationOptions | undefined {
  if (mark.line >= document.lineCount) return undefined;
  const text = document.lineAt(mark.line);
  const hover = new vscode.MarkdownString(
    [
      `**${markdownText(stepName)}** stopped at this line of its script`,
      "",
      ...errorBlock(mark.error),
    ].join("\n"),
  );
  return {
    range: new vscode.Range(
      mark.line,
      text.firstNonWhitespaceCharacterIndex,
      mark.line,
      text.range.end.character,
    ),
    hoverMessage: hover,
    renderOptions: {
      after: { contentText: mark.text, color: new vscode.ThemeColor(TONE_COLOR.failed) },
    },
  };
}

/** Registers the inline metrics: refreshed when run records change, and on edits, editors and settings. */
export function registerInlineMetrics(
  context: vscode.ExtensionContext,
  services: ClientServices,
): { inlineMetrics: InlineMetricsApi } {
  const metrics = new InlineMetrics(services);
  context.subscriptions.push(
    metrics,
    vscode.commands.registerCommand(OPEN_STEP_LOG_COMMAND, openStepLog),
    services.runRecords.onDidChange((change) => void metrics.recordsChanged(change)),
    services.onDidChangeOutline((uri) => metrics.outlineChanged(uri)),
    vscode.window.onDidChangeVisibleTextEditors(() => void metrics.refresh()),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document.languageId === "momoflow" && e.contentChanges.length > 0)
        metrics.edited(e.document);
    }),
    vscode.workspace.onDidCloseTextDocument((d) => metrics.closed(d)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration("momoflow.inlineMetrics")) void metrics.refresh();
    }),
  );
  // After activation, not during it: reading run records is not activation's work.
  setTimeout(() => void metrics.refresh(), 0);
  return {
    inlineMetrics: {
      shown: (uri) => metrics.shownIn(uri),
      hovers: (uri) => metrics.hoversIn(uri),
      refresh: () => metrics.reload(),
    },
  };
}
