/** `none` after `rollback:`: the step (or the command) has nothing to undo. */
import { CompletionItemKind } from "vscode-languageserver/node";
import { ROLLBACK_NONE } from "@momoflow/language";
import { NO_ROLLBACK_DETAIL, NO_ROLLBACK_DOC } from "../language-docs";
import type { ItemBuilder } from "./item-builder";

/** Adds `none`, first: an explicit undo action is offered by the commands after it. */
export function addNoRollback(builder: ItemBuilder): void {
  builder.add(ROLLBACK_NONE, CompletionItemKind.Constant, {
    detail: NO_ROLLBACK_DETAIL,
    documentation: NO_ROLLBACK_DOC,
    group: 0,
  });
}
