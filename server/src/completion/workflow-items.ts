/**
 * What a test or an import names: workflow names after a test's `workflow:`,
 * the keys of its `params` map, and the workspace's `.momoflow` files,
 * relative to the importing file, inside `import "..."`.
 */
import { basename, dirname, relative, sep } from "node:path";
import { CompletionItemKind } from "vscode-languageserver/node";
import type { WorkflowDeclaration, FileScope } from "@momoflow/language";
import { declaredParameter } from "../analysis/declaration-text";
import type { SourceReader } from "../session/source-reader";
import type { ItemBuilder } from "./item-builder";

/** Every workflow in scope: the file's own, then the imported ones. */
export function addWorkflowNames(builder: ItemBuilder, scope: FileScope): void {
  for (const symbol of scope.workflows.values()) {
    const own = symbol.path === scope.path;
    builder.add(symbol.name, CompletionItemKind.Class, {
      detail: own ? "workflow" : `workflow in ${basename(symbol.path)}`,
      documentation: symbol.decl.doc,
      group: own ? 0 : 1,
    });
  }
}

/** The params of the tested workflow not in `given`, as keys of a test's `params`. */
export function addParamKeys(
  builder: ItemBuilder,
  workflow: { decl: WorkflowDeclaration; path: string } | undefined,
  given: ReadonlySet<string>,
  source: SourceReader,
): void {
  for (const param of workflow?.decl.params ?? []) {
    const name = param.name?.text;
    if (!name || given.has(name)) continue;
    const written = declaredParameter(param, workflow!.path, source);
    builder.add(name, CompletionItemKind.Property, {
      snippet: `${name}: $0`,
      insert: `${name}: `,
      detail: `param ${written}${param.default ? "" : " (required)"}`,
      documentation: param.doc,
      group: param.default ? 1 : 0,
    });
  }
}

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
