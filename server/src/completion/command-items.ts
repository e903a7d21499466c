/**
 * Commands after `run:` / `rollback:`: the file's own, the imported ones and
 * the built-ins (from the checked scope, so exactly what the checker accepts),
 * each inserted with its required arguments to fill in; and inside a call, the
 * named arguments not given yet, in parameter order.
 */
import { basename } from "node:path";
import { CompletionItemKind } from "vscode-languageserver/node";
import { JS_ACTION, type FileScope } from "@momoflow/language";
import {
  commandDocumentation,
  commandInfo,
  type CommandInfo,
  signatureLabel,
  parameterLabel,
} from "./command-info";
import type { SourceReader } from "../session/source-reader";
import type { ItemBuilder } from "./item-builder";

/** `copy_file(source: ${1}, destination: ${2})`: the command with its required arguments. */
export function callSnippet(command: CommandInfo): string {
  const required = command.params.filter((p) => p.required);
  if (required.length === 0) return `${command.name}(\${1})`;
  return `${command.name}(${required.map((p, i) => `${p.name}: \${${i + 1}}`).join(", ")})`;
}

/**
 * Adds every command in scope but `exclude` (the command being written: it
 * cannot call itself); `parenthesisFollows`: the call's `(` is already written.
 */
export function addCommands(
  builder: ItemBuilder,
  scope: FileScope,
  parenthesisFollows: boolean,
  source: SourceReader,
  exclude?: string,
): void {
  for (const symbol of scope.commands.values()) {
    if (symbol.name === exclude) continue;
    const info = commandInfo(symbol, scope.commands, source);
    let documentation = commandDocumentation(info);
    if (symbol.kind === "declared" && symbol.path !== scope.path)
      documentation = `${documentation}\n\n_Declared in ${basename(symbol.path)}._`.trim();
    builder.add(info.name, CompletionItemKind.Function, {
      snippet: parenthesisFollows ? info.name : callSnippet(info),
      insert: info.name,
      detail: signatureLabel(info),
      documentation,
      group: info.builtin ? 1 : 0,
    });
  }
  builder.add(JS_ACTION, CompletionItemKind.Function, {
    snippet: parenthesisFollows
      ? JS_ACTION
      : `${JS_ACTION}("\${1:./module.mjs}", "\${2:exportName}")`,
    insert: JS_ACTION,
    detail: `${JS_ACTION}(module: path, export: string)`,
    documentation:
      "Calls an exported function of a JavaScript module (path relative to this file) with `(args, context)`; its return value (awaited) is the output, a throw is a failure.",
    group: 2,
  });
}

/** Adds the named arguments of a call that are not given yet, in parameter order. */
export function addArguments(
  builder: ItemBuilder,
  command: CommandInfo,
  given: ReadonlySet<string>,
): void {
  for (const param of command.params) {
    if (given.has(param.name)) continue;
    builder.add(param.name, CompletionItemKind.Field, {
      snippet: `${param.name}: $0`,
      insert: `${param.name}: `,
      detail: `${parameterLabel(param)}${param.required ? " (required)" : ""}`,
      documentation: param.doc,
      group: param.required ? 0 : 1,
    });
  }
}
