import { TextDocument } from "vscode-languageserver-textdocument";
import { TextDocuments, type Connection } from "vscode-languageserver/node";
import { LanguageWorkspace, type CheckResult } from "@momoflow/language";
import { findMomoflowFiles } from "./workspace-files";
import type { SettingsSource } from "./settings";
import { pathToUri, uriToPath } from "./uri";

/**
 * The server's view of the workspace: the documents open in the editor
 * (incrementally synced, overriding the disk), every other `.momoflow` file of
 * the workspace folders (read from disk, kept fresh by file watching), and the
 * shared {@link LanguageWorkspace} that parses and checks them with caching.
 * Features read everything through here.
 */
export class LanguageSession {
  readonly workspace = new LanguageWorkspace();
  readonly documents = new TextDocuments(TextDocument);
  /** Paths of every known `.momoflow` file: the workspace's and the open ones. */
  private readonly files = new Set<string>();
  private readonly changeListeners: (() => void)[] = [];

  constructor(
    readonly connection: Connection,
    readonly settings: SettingsSource,
  ) {
    this.documents.onDidOpen(({ document }) => this.sync(document));
    this.documents.onDidChangeContent(({ document }) => this.sync(document));
    this.documents.onDidClose(({ document }) => {
      const path = uriToPath(document.uri);
      this.workspace.close(path);
      this.changed();
    });
  }

  /** Adds the `.momoflow` files of the workspace folders to the index. */
  indexFolders(folders: readonly string[]): void {
    for (const folder of folders)
      for (const file of findMomoflowFiles(uriToPath(folder))) this.files.add(file);
  }

  /** A file changed, appeared or vanished on disk. */
  fileChanged(uri: string, deleted: boolean): void {
    const path = uriToPath(uri);
    if (deleted) this.files.delete(path);
    else this.files.add(path);
    this.workspace.invalidate(path);
    this.changed();
  }

  /** Called after anything changed that may change diagnostics. */
  onDidChange(listener: () => void): void {
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
    this.files.add(path);
    this.workspace.setText(path, document.getText());
    this.changed();
  }

  private changed(): void {
    for (const listener of this.changeListeners) listener();
  }
}
