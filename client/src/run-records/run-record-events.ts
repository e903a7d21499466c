import { existsSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import * as vscode from "vscode";
import { runRecordPaths, isProcessAlive } from "@momoflow/record";
import { readJournalStart } from "./rollback-availability";
import { runsDirFor, runsDirOfRecordFile, runsDirOfRecordPath } from "./run-history";
import {
  MOMOFLOW_TASK_TYPE,
  runWorkdir,
  type MomoflowTaskDefinition,
} from "../run/task-definition";
import { fileRunsDirs, taskWorkdir } from "../run/task-place";

/** What changed in the run records of one working directory. */
export interface RunRecordChange {
  /** The runs folder: `<workdir>/.momoflow/runs`. */
  readonly runsDir: string;
  /** The `result.json` written, when the change is one. */
  readonly resultFile?: string;
}

/** Changes of one runs folder arriving within this are reported once. */
const COALESCE_MS = 100;
/** How often a run in progress is looked at (one `stat` of its result.json). */
const FOLLOW_INTERVAL_MS = 1000;
/** How often the runs folder of each visible momoflow editor is looked at (one `stat` each). */
const VISIBLE_POLL_MS = 2000;

/**
 * One source of "the run records changed" for every feature (CodeLens,
 * inline metrics, the metrics panel). A recursive file watcher alone misses
 * changes: a workspace's first run creates `.momoflow/runs/<id>/` in one go,
 * faster than the watcher adds the new folders, so its result.json may never
 * be reported (seen in code-server). So besides the watchers, a run task's
 * end is a change, a run seen in progress is followed — one `stat` of its
 * result.json a second — until it finishes or its process is gone, and the
 * runs folder of each visible momoflow editor is looked at every two seconds
 * (its mtime moves when a run's folder appears): a run from a terminal that
 * no watcher reported is seen all the same.
 */
export class RunRecordEvents implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<RunRecordChange>();
  /** Fires once per burst of changes of a runs folder. */
  readonly onDidChange = this.emitter.event;
  private readonly pending = new Map<string, { timer: NodeJS.Timeout; resultFile?: string }>();
  private readonly followed = new Map<string, NodeJS.Timeout>();
  /** The mtime last seen of each runs folder a visible editor's runs go to. */
  private readonly stamps = new Map<string, number>();
  private readonly poll = setInterval(
    () => this.lookAtVisibleRunsFolders(),
    VISIBLE_POLL_MS,
  ).unref();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor() {
    const results = vscode.workspace.createFileSystemWatcher("**/.momoflow/runs/*/result.json");
    // Creations and deletions anywhere in the records (appends to a journal are not news).
    const records = vscode.workspace.createFileSystemWatcher("**/.momoflow/**", false, true, false);
    const onResult = (uri: vscode.Uri): void => {
      const runsDir = runsDirOfRecordFile(uri.fsPath);
      if (runsDir) this.changed(runsDir, uri.fsPath);
    };
    const onRecord = (uri: vscode.Uri): void => {
      const runsDir = runsDirOfRecordPath(uri.fsPath);
      if (!runsDir) return;
      this.changed(runsDir);
      if (uri.path.endsWith("/journal.jsonl")) this.follow(dirname(uri.fsPath));
    };
    this.subscriptions.push(
      this.emitter,
      results,
      records,
      results.onDidCreate(onResult),
      results.onDidChange(onResult),
      records.onDidCreate(onRecord),
      records.onDidDelete(onRecord),
      vscode.tasks.onDidEndTaskProcess(({ execution: { task } }) => {
        const definition = task.definition as Partial<MomoflowTaskDefinition>;
        if (task.definition.type !== MOMOFLOW_TASK_TYPE) return;
        if (definition.action !== "run" && definition.action !== "rollback") return;
        if (typeof definition.file !== "string") return;
        // The run's working directory: its file's folder (see runWorkdir), or the one the task names.
        const folder = taskWorkdir(task) ?? dirname(resolve(definition.file));
        const workdir =
          typeof definition.workdir === "string"
            ? resolve(folder, definition.workdir)
            : runWorkdir(definition.file, folder);
        if (workdir) this.changed(runsDirFor(workdir));
      }),
    );
  }

  /**
   * Watches a run in progress (its folder) until its result.json exists or
   * the process that wrote its journal is gone, then reports the change.
   * Following a run already followed does nothing.
   */
  follow(runDir: string): void {
    const key = resolve(runDir);
    if (this.followed.has(key)) return;
    const paths = runRecordPaths(key);
    const timer = setInterval(() => {
      const start = readJournalStart(paths.journal);
      if (existsSync(paths.result) || !start || !isProcessAlive(start.pid, start.pidStartTicks)) {
        clearInterval(timer);
        this.followed.delete(key);
        const runsDir = dirname(key);
        this.changed(runsDir, existsSync(paths.result) ? paths.result : undefined);
      }
    }, FOLLOW_INTERVAL_MS);
    this.followed.set(key, timer);
  }

  /** Reports a change of `runsDir` (coalesced), as the watchers do. */
  changed(runsDir: string, resultFile?: string): void {
    const key = resolve(runsDir);
    const previous = this.pending.get(key);
    if (previous) clearTimeout(previous.timer);
    const timer = setTimeout(() => {
      const entry = this.pending.get(key);
      this.pending.delete(key);
      this.emitter.fire({ runsDir: key, resultFile: entry?.resultFile });
    }, COALESCE_MS);
    this.pending.set(key, { timer, resultFile: resultFile ?? previous?.resultFile });
  }

  /** Reports each visible editor's runs folder whose mtime moved since it was last looked at. */
  private lookAtVisibleRunsFolders(): void {
    const seen = new Set<string>();
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document.languageId !== "momoflow" || editor.document.uri.scheme !== "file")
        continue;
      // Its own folder's runs, and the root's, where older versions recorded them.
      for (const runsDir of fileRunsDirs(editor.document.uri)) {
        if (seen.has(runsDir)) continue;
        seen.add(runsDir);
        const stamp = statSync(runsDir, { throwIfNoEntry: false })?.mtimeMs ?? -1;
        const before = this.stamps.get(runsDir);
        this.stamps.set(runsDir, stamp);
        if (before !== undefined && before !== stamp) this.changed(runsDir);
      }
    }
  }

  dispose(): void {
    clearInterval(this.poll);
    for (const { timer } of this.pending.values()) clearTimeout(timer);
    for (const timer of this.followed.values()) clearInterval(timer);
    for (const s of this.subscriptions) s.dispose();
  }
}
