/**
 * Completion of the path of an `import "..."`, one folder at a time as the
 * path is typed: the `.momoflow` files and the folders of the folder written
 * so far, relative to the importing file's folder (where the checker looks,
 * MF013). Not the importing file itself (importing yourself is a cycle), nor
 * a file it imports already.
 */
import { basename, dirname, extname } from "node:path";
import { CompletionItemKind } from "vscode-languageserver/node";
import { type ItemBuilder, SUGGEST_AGAIN } from "./item-builder";
import { escapeInString, type FolderEntry, folderEntries } from "./folder-entries";

/** What one import's path completion needs to know. */
export interface ImportPathQuery {
  /** The importing document's absolute path. */
  documentPath: string;
  /** The path as written up to its last `/` ("" when it has none). */
  folder: string;
  /** The name typed after it, up to the cursor. */
  typed: string;
  /** A `/` is written right after the name being replaced. */
  slashFollows: boolean;
  /** Absolute paths of the documents open in the editor (one not saved yet is importable). */
  open: readonly string[];
  /** Absolute paths the document imports already (but the one being edited). */
  imported: ReadonlySet<string>;
}

const EXTENSION = ".momoflow";

/**
 * Adds the entries of the folder written so far. With no folder written yet
 * they start with `./` (as the docs write imports) and `../` is offered too,
 * as it is after `../`. A folder inserts its `/` and asks for completion
 * again, for what is inside it.
 */
export function addImportPaths(builder: ItemBuilder, query: ImportPathQuery): void {
  const { documentPath, folder, typed } = query;
  // A document the editor has open but that is not on disk yet is importable too.
  const unsaved = (base: string): FolderEntry[] =>
    query.open
      .filter((path) => dirname(path) === base && extname(path) === EXTENSION)
      .map((path) => ({ name: basename(path), folder: false, path }));
  const lead = folder === "" ? "./" : "";
  // With no folder written, a `.` is the start of `./` (or `../`), not of a hidden name.
  const name = lead && typed === "." ? "" : typed;
  const entries = folderEntries(documentPath, folder, name, unsaved);
  if (!entries) return;
  if (/^(\.\.\/)*$/.test(folder) && "..".startsWith(typed))
    addFolder(builder, "..", "", query.slashFollows);
  for (const entry of entries) {
    if (entry.folder) {
      if (entry.name === "node_modules") continue;
      addFolder(builder, entry.name, lead, query.slashFollows);
    } else if (
      extname(entry.name) === EXTENSION &&
      entry.path !== documentPath &&
      !query.imported.has(entry.path)
    ) {
      const path = `${lead}${escapeInString(entry.name)}`;
      builder.add(`${lead}${entry.name}`, CompletionItemKind.File, {
        insert: path,
        // The editor filters on what is typed over the name: `./` too, when it is.
        filterText: `${lead}${entry.name}`,
      });
    }
  }
}

function addFolder(builder: ItemBuilder, name: string, lead: string, slashFollows: boolean): void {
  const path = `${lead}${escapeInString(name)}`;
  builder.add(`${lead}${name}/`, CompletionItemKind.Folder, {
    insert: slashFollows ? path : `${path}/`,
    filterText: `${lead}${name}`,
    command: SUGGEST_AGAIN,
  });
}
