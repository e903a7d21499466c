/** The types a parameter may declare (language.md §3). */
import { CompletionItemKind } from "vscode-languageserver/node";
import { describeType, isTypeName, TYPE_NAMES } from "@momoflow/language";
import type { ItemBuilder } from "./item-builder";

export function addTypes(builder: ItemBuilder): void {
  for (const type of TYPE_NAMES) {
    builder.add(type, CompletionItemKind.TypeParameter, {
      detail: isTypeName(type) ? describeType(type) : undefined,
    });
  }
}
