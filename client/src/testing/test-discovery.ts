import * as vscode from "vscode";
import type { ClientServices } from "../client-services";
import { requestOutline } from "../outline/document-outline";
import { discoveredTests } from "./discovered-tests";
import { KeyedDebounce } from "./keyed-debounce";
import type { TestTree } from "./test-tree";

/** The glob of the files whose tests are listed, and what is never searched. */
export const MOMOFLOW_GLOB = "**/*.momoflow";
export const EXCLUDE_GLOB = "**/node_modules/**";

/** Quiet time after the last edit of a document before its tests are read again. */
const EDIT_DEBOUNCE_MS = 400;
/** Files whose outlines are asked for at once during a workspace scan. */
const SCAN_CONCURRENCY = 4;
/** How long a refresh waits for the language server to run (then the list stays as it is). */
const SERVER_WAIT_MS = 30_000;
const SERVER_POLL_MS = 100;

/**
 * Keeps the test tree in step with the workspace. Tests are read from the
 * language server's outline (`momoflow/documentOutline`; never by parsing
 * text here), which reads files that are not open from disk: for open
 * documents as they are edited (debounced) and saved, for files on disk as
 * they are created, changed and deleted, and for the whole workspace once,
 * lazily, when the Testing panel first asks (`resolveHandler`) or a run of
 * everything needs it.
 */
export class TestDiscovery implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly debounce = new KeyedDebounce<string>(
    EDIT_DEBOUNCE_MS,
    (key) => void this.refreshFile(vscode.Uri.parse(key)),
  );
  /** The workspace scan, once started (later calls share it). */
  private scan: Promise<void> | undefined;
  /** The latest refresh of each file: an older one finishing later must not win. */
  private readonly generation = new Map<string, number>();
  private disposed = false;
  /** Files whose refresh found no running server. */
  private readonly unread = new Set<string>();
  /** The wait for the server in progress, shared by all refreshes. */
  private waiting: Promise<boolean> | undefined;
  /** A wait timed out: later refreshes do not wait again until the server runs. */
  private gaveUp = false;

  constructor(
    private readonly tree: TestTree,
    private readonly services: ClientServices,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher(MOMOFLOW_GLOB);
    // Folders: a folder created with files in it (a checkout, a copy, mkdir
    // and write from a terminal) is reported as the folder alone — its files
    // were not seen (checked in code-server); a folder deleted likewise.
    const folders = vscode.workspace.createFileSystemWatcher("**/*", false, true, false);
    this.disposables.push(
      folders,
      folders.onDidCreate((uri) => void this.onCreatedFolder(uri)),
      folders.onDidDelete((uri) => {
        if (!isExcluded(uri) && !uri.path.endsWith(".momoflow")) this.tree.removeFile(uri);
      }),
      watcher,
      watcher.onDidCreate((uri) => void this.onFileEvent(uri)),
      watcher.onDidChange((uri) => void this.onFileEvent(uri)),
      watcher.onDidDelete((uri) => this.forget(uri)),
      vscode.workspace.onDidOpenTextDocument((document) => {
        // A file read already from disk has the same tests when opened.
        const key = document.uri.toString();
        if (isMomoflow(document) && !this.generation.has(key)) this.debounce.schedule(key);
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (isMomoflow(event.document) && event.contentChanges.length > 0)
          this.debounce.schedule(event.document.uri.toString());
      }),
      vscode.workspace.onDidSaveTextDocument((document) => {
        if (isMomoflow(document)) void this.refreshFile(document.uri);
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        if (this.scan) this.scan = this.scanWorkspace();
      }),
    );
  }

  /** Reads the tests of the documents already open (cheap: no workspace scan). */
  refreshOpenDocuments(): void {
    for (const document of vscode.workspace.textDocuments)
      if (isMomoflow(document)) this.debounce.schedule(document.uri.toString());
  }

  /** Lists the tests of every `.momoflow` file in the workspace (once; later calls wait for it). */
  discoverWorkspace(): Promise<void> {
    return (this.scan ??= this.scanWorkspace());
  }

  /** Scans the workspace again (the Testing panel's refresh button). */
  rediscoverWorkspace(): Promise<void> {
    return (this.scan = this.scanWorkspace());
  }

  /**
   * Reads one file's tests again from the language server. Without a running
   * server the file keeps the tests it had (an empty answer would wipe them)
   * and is read again once the server answers.
   */
  async refreshFile(uri: vscode.Uri): Promise<void> {
    if (this.disposed || isExcluded(uri)) return;
    const key = uri.toString();
    this.debounce.cancel(key);
    const generation = (this.generation.get(key) ?? 0) + 1;
    this.generation.set(key, generation);
    try {
      const client = (await this.serverReady()) ? this.services.client() : undefined;
      if (!client) {
        this.unread.add(key);
        return;
      }
      const outline = await requestOutline(client, key);
      if (this.disposed || this.generation.get(key) !== generation) return;
      this.unread.delete(key);
      this.tree.setTests(uri, discoveredTests(outline.tests));
      // The server answers again: read what was left unread while it did not.
      for (const other of this.unread) this.debounce.schedule(other);
    } catch (error) {
      if (this.generation.get(key) !== generation) return;
      const message = error instanceof Error ? error.message : String(error);
      this.services.output.warn(`Testing: could not read the tests of ${uri.fsPath}: ${message}`);
      this.tree.setFileError(uri, message);
    }
  }

  private async scanWorkspace(): Promise<void> {
    const started = Date.now();
    const files = await vscode.workspace.findFiles(MOMOFLOW_GLOB, EXCLUDE_GLOB);
    const found = new Set(files.map((uri) => uri.toString()));
    // Files that are gone since the last scan (e.g. a folder left the workspace).
    for (const item of this.tree.fileItems())
      if (item.uri && !found.has(item.id)) this.tree.removeFile(item.uri);
    const queue = [...files];
    const worker = async (): Promise<void> => {
      for (let uri = queue.shift(); uri; uri = queue.shift()) await this.refreshFile(uri);
    };
    await Promise.all(Array.from({ length: SCAN_CONCURRENCY }, worker));
    this.services.output.info(
      `Testing: read the tests of ${files.length} .momoflow file(s) in ${Date.now() - started} ms`,
    );
  }

  private async onFileEvent(uri: vscode.Uri): Promise<void> {
    if (isExcluded(uri)) return;
    // An open document is refreshed by its own edit and save events.
    const open = vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
    if (open) return;
    // The glob also matches folders: a run creates `.momoflow/` itself.
    const stat = await Promise.resolve(vscode.workspace.fs.stat(uri)).catch(() => undefined);
    if (stat && stat.type & vscode.FileType.Directory) return;
    this.debounce.schedule(uri.toString());
  }

  /** Reads the tests of the `.momoflow` files in a folder that was just created. */
  private async onCreatedFolder(uri: vscode.Uri): Promise<void> {
    if (isExcluded(uri) || uri.path.endsWith(".momoflow")) return;
    const stat = await Promise.resolve(vscode.workspace.fs.stat(uri)).catch(() => undefined);
    if (!stat || !(stat.type & vscode.FileType.Directory)) return;
    const files = await vscode.workspace.findFiles(
      new vscode.RelativePattern(uri, MOMOFLOW_GLOB),
      EXCLUDE_GLOB,
    );
    for (const file of files) void this.onFileEvent(file);
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    this.debounce.cancel(key);
    this.generation.set(key, (this.generation.get(key) ?? 0) + 1);
    this.tree.removeFile(uri);
  }

  /**
   * Whether the language client runs (before that, the outline cannot be
   * asked for). Waits for a client that is starting, or for one to appear, up
   * to a limit shared by concurrent callers; once that limit passed, answers
   * at once until a client runs again. Never starts a stopped client.
   */
  private serverReady(): Promise<boolean> {
    return (this.waiting ??= this.waitForServer().finally(() => (this.waiting = undefined)));
  }

  private async waitForServer(): Promise<boolean> {
    const deadline = this.gaveUp ? Date.now() : Date.now() + SERVER_WAIT_MS;
    for (;;) {
      const client = this.services.client();
      // vscode-languageclient's State: Running = 2, Starting = 3. While starting or
      // running, start() returns the pending start, which settles once features are up.
      const state: number | undefined = client?.state;
      if (client && (state === 2 || state === 3)) {
        try {
          await client.start();
          this.gaveUp = false;
          return true;
        } catch {
          // It failed to start: wait for a restart.
        }
      }
      if (this.disposed || Date.now() >= deadline) break;
      await new Promise((resolve) => setTimeout(resolve, SERVER_POLL_MS));
    }
    if (!this.gaveUp && !this.disposed)
      this.services.output.warn(
        "Testing: the language server is not running; the test list is not updated until it is.",
      );
    this.gaveUp = true;
    return false;
  }

  dispose(): void {
    this.disposed = true;
    this.debounce.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

function isMomoflow(document: vscode.TextDocument): boolean {
  return (
    document.uri.scheme === "file" &&
    (document.languageId === "momoflow" || document.uri.path.endsWith(".momoflow")) &&
    !isExcluded(document.uri)
  );
}

function isExcluded(uri: vscode.Uri): boolean {
  // Run records are never tests, and change all the time while a workflow runs.
  return uri.path.includes("/node_modules/") || uri.path.includes("/.momoflow/");
}
