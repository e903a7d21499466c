/**
 * "Rename `my-name` to `my_name`" for the MF001 of a name declared with
 * dashes (`param my-name`, `step fetch-data`), which the language reads as
 * `my_name` meanwhile: the declaration and every read of it — in the file,
 * written with dashes or not, and in the files importing it — become
 * `my_name`, as `textDocument/rename` renames a name. Only the declaration
 * when the name cannot be found as a symbol.
 */
import { findOccurrences, locateSymbol } from "../analysis/locate";
import type { QuickFix, QuickFixInput } from "./quick-fixes";
import type { TextEdit } from "vscode-languageserver/node";

export function renameDashedFixes({
  diagnostic,
  document,
  result,
  otherFiles,
}: QuickFixInput): QuickFix[] {
  const newName = diagnostic.data?.renameDashed;
  const declared = diagnostic.data?.replaceRange;
  if (diagnostic.code !== "MF001" || !newName || !declared) return [];
  const written = document.getText(declared);
  const title = `Rename \`${written}\` to \`${newName}\``;
  const hit = locateSymbol(result, declared.start);
  if (hit === undefined)
    return [{ title, edits: [{ range: declared, newText: newName }], isPreferred: true }];
  const path = result.document.path;
  const checks = [result, ...(otherFiles?.() ?? []).filter((o) => o.document.path !== path)];
  const edits: TextEdit[] = [];
  const others = new Map<string, TextEdit[]>();
  for (const occurrence of findOccurrences(hit.symbol, checks)) {
    const edit = { range: occurrence.range, newText: newName };
    if (occurrence.path !== path)
      others.set(occurrence.path, [...(others.get(occurrence.path) ?? []), edit]);
    // Reads written `my_name` already are left as they are.
    else if (document.getText(occurrence.range) !== newName) edits.push(edit);
  }
  const elsewhere = [...others].map(([otherPath, otherEdits]) => ({
    path: otherPath,
    edits: otherEdits,
  }));
  return [{ title, edits, isPreferred: true, ...(elsewhere.length > 0 ? { elsewhere } : {}) }];
}
