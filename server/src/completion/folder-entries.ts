/**
 * The entries of a folder named inside a string, as path completion offers
 * them one folder at a time (a test's `files:`, an `import`): what is written
 * up to the last `/` names the folder, relative to the document's own folder;
 * the name after it filters the entries.
 */
import { readdirSync, statSync, type Dirent } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";

/** At most this many entries of one folder: a huge folder must not stall the editor. */
const MAX_ENTRIES = 500;

/** One entry of a folder. */
export interface FolderEntry {
  name: string;
  /** A folder, or a link to one. */
  folder: boolean;
  /** Its absolute path. */
  path: string;
}

/**
 * The entries of `folder` (as written in the string, escapes and all;
 * relative to the folder of `documentPath`) whose names start with `typed`
 * (case aside), folders first, then by name; names starting with `.` only
 * when `typed` does. Undefined for an absolute folder, which no path here
 * may name. `extra`: entries known otherwise (documents open but not saved
 * yet), merged in by name.
 */
export function folderEntries(
  documentPath: string,
  folder: string,
  typed: string,
  extra: (base: string) => readonly FolderEntry[] = () => [],
): FolderEntry[] | undefined {
  const written = unescapeString(folder);
  if (isAbsolute(written)) return undefined;
  // Resolved, so that `base` has no trailing `/` and compares with `dirname` of a path.
  const base = resolve(dirname(documentPath), written);
  const prefix = typed.toLowerCase();
  const byName = new Map<string, FolderEntry>();
  for (const entry of readFolder(base)) {
    const path = join(base, entry.name);
    byName.set(entry.name, { name: entry.name, folder: isFolder(entry, path), path });
  }
  for (const entry of extra(base)) if (!byName.has(entry.name)) byName.set(entry.name, entry);
  return [...byName.values()]
    .filter((e) => e.name.toLowerCase().startsWith(prefix))
    .filter((e) => !e.name.startsWith(".") || typed.startsWith("."))
    .sort((a, b) => Number(b.folder) - Number(a.folder) || a.name.localeCompare(b.name))
    .slice(0, MAX_ENTRIES);
}

function readFolder(path: string): Dirent[] {
  try {
    return readdirSync(path, { withFileTypes: true });
  } catch {
    return []; // No such folder (yet), or not readable: nothing to offer.
  }
}

/** A folder, or a link to one (a fixture's links are copied as what they point to). */
function isFolder(entry: Dirent, path: string): boolean {
  if (entry.isDirectory()) return true;
  if (!entry.isSymbolicLink()) return false;
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The path a string's text stands for: its escapes replaced. */
function unescapeString(text: string): string {
  return text.replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c === "t" ? "\t" : c));
}

/** A name as written inside a `"..."` string: `\`, `"` and the `$` of `${` escaped. */
export function escapeInString(name: string): string {
  return name.replace(/[\\"]/g, "\\$&").replace(/\$\{/g, "\\${");
}
