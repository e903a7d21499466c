/**
 * The workspace's files: every `.momoflow` file under a folder, the
 * conversions between a file's path and its URI, and reading the text of a
 * range of a file, as hover and completion quote what was written (open
 * documents first, then the disk; the document being edited).
 */
import { readdirSync, statSync } from "node:fs";
import { join, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { type Range, LineIndex } from "@momoflow/language";

/** Folders never searched for workflows. */
const SKIPPED = new Set(["node_modules", ".git", ".momoflow", "dist", "out"]);

/**
 * Every `.momoflow` file under `root`, found without following symbolic
 * links; unreadable folders are skipped. Stops at `limit` files so a huge
 * tree cannot stall the server.
 */
export function findMomoflowFiles(root: string, limit = 10_000): string[] {
  const found: string[] = [];
  const stack = [root];
  while (stack.length > 0 && found.length < limit) {
    const dir = stack.pop()!;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (entry.isDirectory()) {
        if (!SKIPPED.has(entry.name) && !entry.name.startsWith("."))
          stack.push(join(dir, entry.name));
      } else if (entry.isFile() && entry.name.endsWith(".momoflow")) {
        found.push(join(dir, entry.name));
      }
    }
  }
  return found.sort();
}

/** Whether `path` is a folder on disk (or a symbolic link to one). */
export function isFolder(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
  } catch {
    return false;
  }
}

/** Whether `path` is `folder` or lies under it. */
export function isInFolder(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

/**
 * Where documents that are no files (`untitled:`, ...) live as pseudo-paths.
 * The workspace resolves every path it is given: a URI as it stands would be
 * taken for a relative path (`<cwd>/untitled:Untitled-1`) and come back from
 * references and rename as a `file:` URI in the server's current folder.
 * An absolute pseudo-path resolves to itself and is turned back into the URI.
 */
const UNSAVED_ROOT = resolve("/", "momoflow-unsaved");

/**
 * The file system path of a `file:` URI; other schemes, and `file:` URIs that
 * name no path on this system (a host on Linux, `%2F` in a name), get a
 * pseudo-path under {@link UNSAVED_ROOT}: one such document must not make
 * every answer that lists the workspace's files fail.
 */
export function uriToPath(uri: string): string {
  if (uri.startsWith("file:")) {
    try {
      return fileURLToPath(uri);
    } catch {
      // Not a path here: known by its URI, as an untitled document is.
    }
  }
  return join(UNSAVED_ROOT, encodeURIComponent(uri));
}

/** Whether `path` is a pseudo-path of {@link uriToPath}: a document that is no file here. */
export function isPseudoPath(path: string): boolean {
  const unsaved = UNSAVED_ROOT + sep;
  return path.startsWith(unsaved) && !path.slice(unsaved.length).includes(sep);
}

/** The `file:` URI of a path; a pseudo-path of {@link uriToPath} gives its URI back. */
export function pathToUri(path: string): string {
  return isPseudoPath(path)
    ? decodeURIComponent(path.slice(UNSAVED_ROOT.length + sep.length))
    : pathToFileURL(path).href;
}

/** Gives the text of a range of a file, when the file can be read. */
export type SourceReader = (path: string, range: Range) => string | undefined;

/**
 * Reads ranges of files through `getText` (the workspace: open documents
 * first, then the disk), indexing each text once.
 */
export function sourceReader(getText: (path: string) => string | undefined): SourceReader {
  const byPath = new Map<string, { text: string; lines: LineIndex }>();
  return (path, range) => {
    const text = getText(path);
    if (text === undefined) return undefined;
    let entry = byPath.get(path);
    if (entry?.text !== text) {
      entry = { text, lines: new LineIndex(text) };
      byPath.set(path, entry);
    }
    return text.slice(entry.lines.offsetAt(range.start), entry.lines.offsetAt(range.end));
  };
}

/** Reads ranges of the open document through its own line index, and of other files through `others`. */
export function documentFirst(
  path: string,
  document: TextDocument,
  others: SourceReader,
): SourceReader {
  const text = document.getText();
  return (file, range) =>
    file === path
      ? text.slice(document.offsetAt(range.start), document.offsetAt(range.end))
      : others(file, range);
}
