/** The `.momoflow` files of the workspace, relative to the importing file, inside `import "..."`. */
import { dirname, relative, sep } from "node:path";
import { CompletionItemKind } from "vscode-languageserver/node";
import type { ItemBuilder } from "./item-builder";

/** Adds every path of `files` but `self` and those `imported` already, as written in an import. */
export function addImportPaths(
  builder: ItemBuilder,
  self: string,
  files: readonly string[],
  imported: ReadonlySet<string>,
): void {
  const from = dirname(self);
  for (const file of files) {
    if (file === self || imported.has(file)) continue;
    let path = relative(from, file).split(sep).join("/");
    if (!path.startsWith(".")) path = `./${path}`;
    builder.add(path, CompletionItemKind.File, { detail: file });
  }
}
