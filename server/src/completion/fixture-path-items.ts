/**
 * Completion of a test's `files:` path: the entries of the folder written so
 * far, relative to the folder of the test's own file (where `momoflow test`
 * looks for the fixture), one folder at a time.
 */
import { CompletionItemKind } from "vscode-languageserver/node";
import { type ItemBuilder, SUGGEST_AGAIN } from "./item-builder";
import { escapeInString, folderEntries } from "./folder-entries";

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
  for (const entry of folderEntries(documentPath, folder, typed) ?? []) {
    const name = escapeInString(entry.name);
    if (entry.folder)
      builder.add(`${entry.name}/`, CompletionItemKind.Folder, {
        insert: slashFollows ? name : `${name}/`,
        filterText: entry.name,
        command: SUGGEST_AGAIN,
      });
    else builder.add(entry.name, CompletionItemKind.File, { insert: name });
  }
}
