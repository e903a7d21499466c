/**
 * The server's view of the workspace, and the known files checked at once
 * (for what looks across files: references, rename).
 */
import { existsSync } from "node:fs";
import { TextDocument } from "vscode-languageserver-textdocument";
import { TextDocuments, type Connection } from "vscode-languageserver/node";
import {
  fileSystemHost,
  LanguageWorkspace,
  type CheckResult,
  type WorkspaceHost,
} from "@momoflow/language";
import {
  findMomoflowFiles,
  isFolder,
  isInFolder,
  isPseudoPath,
  pathToUri,
  uriToPath,
} from "./workspace-files";
import type { SettingsSource } from "./settings";

/**
 * A hook for tests only: when `MOMOFLOW_TEST_LOG_DISK_READS` is `1`, each
 * file the workspace reads from disk is logged (`momoflow: read <path>`), so
 * that a test counts the reads. Unset (always, in normal use) nothing is
 * logged: the variable is read once.
 */
const LOG_DISK_READS = process.env.MOMOFLOW_TEST_LOG_DISK_READS === "1";

/** The file system, each read logged (see {@link LOG_DISK_READS}). */
function loggedHost(connection: Connection): WorkspaceHost {
  return {
    readFile: (path) => {
      connection.console.log(`momoflow: read ${path}`);
      return fileSystemHost.readFile(path);
    },
  };
}

/** How the session learns what changes on disk. */
export interface SessionOptions {
  /**
   * True when the client sends `workspace/didChangeWatchedFiles` for the
   * `.momoflow` files. Clients that do not (Neovim before 0.9, Helix, ...)
   * never say that an imported file changed on disk, so every text read from
   * disk is read again at the next open or edit instead; an unchanged text
   * keeps its cached parse and check, so only the reading is repeated.
   */
  diskWatched: boolean;
}

/**
 * The server's view of the workspace: the documents open in the editor
 * (incrementally synced, overriding the disk), every other `.momoflow` file of
 * the workspace folders (read from disk, kept fresh by file watching), and the
 * shared {@link LanguageWorkspace} that parses and checks them with caching.
 * Features read everything through here.
 */
export class LanguageSession {
  // An editor's session: a keystroke inside a step re-checks that step alone.
  readonly workspace: LanguageWorkspace;
  readonly documents = new TextDocuments(TextDocument);
  /** Paths of every known `.momoflow` file: the workspace's and the open ones. */
  private readonly files = new Set<string>();
  /** URIs of the workspace folders, searched again when no one watches them. */
  private readonly folders = new Set<string>();
  private readonly changeListeners: ((path: string) => void)[] = [];
  private knownFilesVersion = 0;

  constructor(
    readonly connection: Connection,
    readonly settings: SettingsSource,
    private readonly options: SessionOptions = { diskWatched: true },
  ) {
    this.workspace = new LanguageWorkspace({
      incrementalCheck: true,
      ...(LOG_DISK_READS ? { host: loggedHost(connection) } : {}),
    });
    this.documents.onDidOpen(({ document }) => {
      this.knownFilesVersion++;
      this.sync(document);
    });
    this.documents.onDidChangeContent(({ document }) => this.sync(document));
    this.documents.onDidClose(({ document }) => this.closed(document));
  }

  /**
   * Grows each time what the files that are not open hold may have changed,
   * or which files are open: a file or folder changed on disk (as
   * `workspace/didChangeWatchedFiles` or the server's own watch says), the
   * folders indexed or read again, a document opened or closed. Not at an
   * edit of an open document: what is kept of the others stays.
   */
  get knownFilesGeneration(): number {
    return this.knownFilesVersion;
  }

  /** Whether the client tells of the files changed on disk (see {@link SessionOptions.diskWatched}). */
  get diskWatched(): boolean {
    return this.options.diskWatched;
  }

  /** Adds the `.momoflow` files of the workspace folders to the index. */
  indexFolders(folders: readonly string[]): void {
    this.knownFilesVersion++;
    for (const folder of folders) {
      this.folders.add(folder);
      for (const file of findMomoflowFiles(uriToPath(folder))) this.files.add(file);
    }
  }

  /** Workspace folders were removed: their files are no longer known (open documents stay). */
  forgetFolders(folders: readonly string[]): void {
    this.knownFilesVersion++;
    for (const folder of folders) this.folders.delete(folder);
    const paths = folders.map(uriToPath);
    for (const file of [...this.files])
      if (paths.some((folder) => isInFolder(file, folder))) this.files.delete(file);
  }

  /**
   * A file or folder changed, appeared or vanished on disk. A folder deleted,
   * or moved in, is announced as itself and not file by file: every known
   * file under it goes or comes, and every text read from disk is read again
   * (the workspace keeps them by file, not by folder).
   */
  fileChanged(uri: string, deleted: boolean): void {
    this.knownFilesVersion++;
    const path = uriToPath(uri);
    if (deleted) {
      for (const file of [...this.files]) if (isInFolder(file, path)) this.files.delete(file);
      this.workspace.invalidateAll();
    } else if (isFolder(path)) {
      for (const file of findMomoflowFiles(path)) this.files.add(file);
      this.workspace.invalidateAll();
    } else {
      this.files.add(path);
      this.workspace.invalidate(path);
    }
    this.changed(path);
  }

  /**
   * Before an answer that reads files the editor does not have open
   * (references, rename, workspace symbols): without file watching, what
   * they hold now is read again, so that no edit lands on an old text, and
   * the workspace folders are searched again.
   */
  readDiskAgain(): void {
    if (this.options.diskWatched) return;
    this.workspace.invalidateAll();
    // Files created since are found too (those deleted check as missing: no occurrences).
    this.indexFolders([...this.folders]);
  }

  /**
   * Called after anything changed that may change diagnostics, with the path
   * of what changed: a document edited, opened or closed, or a file or
   * folder changed on disk.
   */
  onDidChange(listener: (path: string) => void): void {
    this.changeListeners.push(listener);
  }

  /** The checked state of a document (cached: cheap when nothing changed). */
  check(uri: string): CheckResult {
    return this.workspace.check(uriToPath(uri));
  }

  /** The open document, if the editor has it open. */
  document(uri: string): TextDocument | undefined {
    return this.documents.get(uri);
  }

  /** URIs of every known `.momoflow` file (for references, rename, workspace symbols). */
  knownUris(): string[] {
    const uris = new Set([...this.files].map(pathToUri));
    for (const doc of this.documents.all()) uris.add(doc.uri);
    return [...uris].sort();
  }

  private sync(document: TextDocument): void {
    const path = uriToPath(document.uri);
    if (!this.options.diskWatched) this.workspace.invalidateAll();
    // A document that is no file (`untitled:`) is known while it is open only.
    if (!isPseudoPath(path)) this.files.add(path);
    this.workspace.setText(path, document.getText());
    this.changed(path);
  }

  /**
   * The editor closed a document. The same file may still be open under
   * another URI (`%6D` for `m`, a drive letter's case): its text then stays
   * the file's, rather than the disk's.
   */
  private closed(document: TextDocument): void {
    this.knownFilesVersion++;
    const path = uriToPath(document.uri);
    const other = this.documents.all().find((open) => uriToPath(open.uri) === path);
    if (other) this.workspace.setText(path, other.getText());
    else {
      this.workspace.close(path);
      // A document never saved leaves no file behind: it is no longer known (nor importable).
      if (!existsSync(path)) this.files.delete(path);
    }
    this.changed(path);
  }

  private changed(path: string): void {
    for (const listener of this.changeListeners) listener(path);
  }
}

/**
 * Every known `.momoflow` file of the session, checked (cached by the
 * workspace: cheap when nothing changed), plus the files of `extraPaths`
 * (the file that declares a symbol may be imported from outside the
 * workspace folders). One result per path.
 */
export function checkKnownFiles(
  session: LanguageSession,
  extraPaths: readonly (string | undefined)[] = [],
): CheckResult[] {
  return knownFileUris(session, extraPaths).map((uri) => session.check(uri));
}

/**
 * The URIs {@link checkKnownFiles} checks, one per path: for a request that
 * checks them one at a time, with a pause between two.
 */
export function knownFileUris(
  session: LanguageSession,
  extraPaths: readonly (string | undefined)[] = [],
): string[] {
  session.readDiskAgain();
  const byPath = new Map<string, string>();
  for (const uri of session.knownUris()) {
    const path = uriToPath(uri);
    if (!byPath.has(path)) byPath.set(path, uri);
  }
  for (const path of extraPaths) {
    if (path !== undefined && !byPath.has(path)) byPath.set(path, pathToUri(path));
  }
  return [...byPath.values()];
}

/**
 * Maps file paths back to URIs: the URI the editor uses for an open document
 * (which may be encoded differently from {@link pathToUri}'s), else the
 * `file:` URI of the path.
 */
export class UriMapper {
  private readonly open = new Map<string, string>();

  constructor(session: LanguageSession) {
    for (const document of session.documents.all())
      this.open.set(uriToPath(document.uri), document.uri);
  }

  uriOf(path: string): string {
    return this.open.get(path) ?? pathToUri(path);
  }
}
