/**
 * Completion of a test's `files:` path: the entries of the folder written so
 * far, relative to the folder of the test's own file (where `momoflow test`
 * looks for the fixture), one folder at a time.
 */
import { readdirSync, statSync, type Dirent } from "node:fs";
import { dirname, isAbsolute, join } from "node:path";
import { CompletionItemKind } from "vscode-languageserver/node";
import { type ItemBuilder, SUGGEST_AGAIN } from "./item-builder";

/** At most this many entries of one folder: a huge folder must not stall the editor. */
const MAX_ENTRIES = 500;

/**
 * Adds the files and folders of `folder` (as written in the string, up to
 * its last `/`; relative to the folder of `documentPath`) whose names start
 * with `typed` (case aside). A folder is inserted with its `/` and asks for
 * completion again, for what is inside it; `slashFollows`: a `/` is already
 * written after the name. Names starting with `.` only when `typed` does.
 */
export function addFixturePaths(
  builder: ItemBuilder,
  documentPath: string,
  folder: string,
  typed: string,
  slashFollows: boolean,
): void {
  const written = unescape(folder);
  if (isAbsolute(written)) return;
  const base = join(dirname(documentPath), written);
  const entries = readFolder(base);
  const prefix = typed.toLowerCase();
  const shown = entries
    .filter((e) => e.name.toLowerCase().startsWith(prefix))
    .filter((e) => !e.name.startsWith(".") || typed.startsWith("."))
    .map((e) => ({ name: e.name, folder: isFolder(e, join(base, e.name)) }))
    .sort((a, b) => Number(b.folder) - Number(a.folder) || a.name.localeCompare(b.name))
    .slice(0, MAX_ENTRIES);
  for (const entry of shown) {
    const name = escape(entry.name);
    if (entry.folder)
      builder.add(`${entry.name}/`, CompletionItemKind.Folder, {
        insert: slashFollows ? name : `${name}/`,
        filterText: entry.name,
        command: SUGGEST_AGAIN,
      });
    else builder.add(entry.name, CompletionItemKind.File, { insert: name });
  }
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
function unescape(text: string): string {
  return text.replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c === "t" ? "\t" : c));
}

/** A name as written inside a `"..."` string: `\`, `"` and the `$` of `${` escaped. */
function escape(name: string): string {
  return name.replace(/[\\"]/g, "\\$&").replace(/\$\{/g, "\\${");
}
