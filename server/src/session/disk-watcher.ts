/**
 * The server's own watch on the disk, for clients that do not send
 * `workspace/didChangeWatchedFiles` (Neovim before 0.9, Helix): without it an
 * open document whose import is edited, created or deleted outside the
 * editor keeps its old diagnostics until some document is edited. The
 * folders of the files the open documents read are watched (few: the
 * documents' own and their imports'), not whole trees.
 */
import { existsSync, watch, type FSWatcher } from "node:fs";
import { dirname, join } from "node:path";
import type { LanguageSession } from "./language-session";
import { isPseudoPath, pathToUri, uriToPath } from "./workspace-files";

/** Watches folders and reports each `.momoflow` file in them that changes, appears or vanishes. */
export class DiskWatcher {
  private readonly watchers = new Map<string, FSWatcher>();

  /** `changed` is told the path and whether the file is gone now. */
  constructor(private readonly changed: (path: string, deleted: boolean) => void) {}

  /** Watches exactly the folders of `files` (those no longer needed are let go). */
  watchFoldersOf(files: Iterable<string>): void {
    const folders = new Set([...files].map((file) => dirname(file)));
    for (const [folder, watcher] of this.watchers) {
      if (folders.has(folder)) continue;
      watcher.close();
      this.watchers.delete(folder);
    }
    for (const folder of folders) if (!this.watchers.has(folder)) this.watch(folder);
  }

  /** Stops every watch. */
  close(): void {
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }

  private watch(folder: string): void {
    let watcher: FSWatcher;
    try {
      // An editor's save may replace the file (write beside, rename over it):
      // the folder is watched, not the file, so the new file is seen too.
      watcher = watch(folder, { persistent: false }, (_event, name) => {
        if (typeof name !== "string" || !name.endsWith(".momoflow")) return;
        const path = join(folder, name);
        this.changed(path, !existsSync(path));
      });
    } catch {
      return; // A folder that is gone (or cannot be watched): its files read as missing.
    }
    // A watched folder deleted: the watch ends; the files are reported by their checks.
    watcher.on("error", () => {
      watcher.close();
      this.watchers.delete(folder);
    });
    this.watchers.set(folder, watcher);
  }
}

/**
 * For a client that does not watch files: the folders of what the open
 * documents read (themselves and their imports) are watched, and a change
 * there is taken as `didChangeWatchedFiles` would bring it; `changed` is
 * called after (to ask the client to refresh what it shows). The set of
 * folders follows the open documents and their imports as they change.
 */
export function watchFoldersOfOpenDocuments(session: LanguageSession, changed: () => void): void {
  const watcher = new DiskWatcher((path, deleted) => {
    session.fileChanged(pathToUri(path), deleted);
    changed();
  });
  let scheduled = false;
  const follow = (): void => {
    scheduled = false;
    const files: string[] = [];
    for (const document of session.documents.all()) {
      // Cached: the diagnostics have checked (or will check) the same.
      session.check(document.uri);
      files.push(...session.workspace.filesRead(uriToPath(document.uri)));
    }
    watcher.watchFoldersOf(files.filter((file) => !isPseudoPath(file)));
  };
  session.onDidChange(() => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(follow);
  });
}
