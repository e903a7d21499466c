/** The named arguments of a call that are not given yet, in parameter order. */
import { CompletionItemKind } from "vscode-languageserver/node";
import { type CommandInfo, parameterLabel } from "./command-info";
import type { ItemBuilder } from "./item-builder";

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
