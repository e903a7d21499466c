/**
 * "Rename `release__key` to `release_key`" for MF023: a secret param whose
 * environment variable is also the one a rollback reads for a called
 * workflow's secret. Renamed as `textDocument/rename` renames it — its
 * declaration, its uses, the values tests and calls give it, also in the
 * files importing this one — to the name the message suggests; no fix when
 * that name is taken (the rename would refuse it too).
 */
import { findOccurrences, locateSymbol } from "../analysis/locate";
import { newNameProblem } from "../navigation/navigation";
import type { QuickFix, QuickFixInput } from "./quick-fixes";
import type { TextEdit } from "vscode-languageserver/node";

export function renameSecretFixes({ diagnostic, result, otherFiles }: QuickFixInput): QuickFix[] {
  const newName = diagnostic.data?.renameSecretTo;
  if (diagnostic.code !== "MF023" || !newName) return [];
  const hit = locateSymbol(result, diagnostic.range.start);
  if (hit?.symbol.kind !== "param") return [];
  const path = result.document.path;
  const checks = [result, ...(otherFiles?.() ?? []).filter((o) => o.document.path !== path)];
  if (newNameProblem(hit.symbol, newName, checks) !== undefined) return [];
  const edits: TextEdit[] = [];
  const others = new Map<string, TextEdit[]>();
  for (const occurrence of findOccurrences(hit.symbol, checks)) {
    const edit = { range: occurrence.range, newText: newName };
    if (occurrence.path === path) edits.push(edit);
    else others.set(occurrence.path, [...(others.get(occurrence.path) ?? []), edit]);
  }
  const elsewhere = [...others].map(([otherPath, otherEdits]) => ({
    path: otherPath,
    edits: otherEdits,
  }));
  return [
    {
      title: `Rename \`${hit.symbol.name}\` to \`${newName}\``,
      edits,
      isPreferred: true,
      ...(elsewhere.length > 0 ? { elsewhere } : {}),
    },
  ];
}
