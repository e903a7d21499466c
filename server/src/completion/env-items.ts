/**
 * Completion after `env.` / `${env.`: the names the step's `env:` and its
 * workflow's set, with the value each is set to.
 */
import { CompletionItemKind } from "vscode-languageserver/node";
import type { StepDeclaration, WorkflowDeclaration } from "@momoflow/language";
import { envSettings } from "../analysis/env-settings";
import type { ItemBuilder } from "./item-builder";

/** Adds the names set by `env:` in the step and its workflow (the step's first). */
export function addEnvNames(
  builder: ItemBuilder,
  workflow: WorkflowDeclaration | undefined,
  step: StepDeclaration | undefined,
  written: (range: NonNullable<WorkflowDeclaration["range"]>) => string | undefined,
): void {
  for (const [name, { entry, owner }] of envSettings(workflow, step)) {
    const value = entry.value?.range && written(entry.value.range);
    builder.add(name, CompletionItemKind.Variable, {
      detail: `env.${name}${value ? ` = ${value.replace(/\s+/g, " ")}` : ""}`,
      documentation: `Set by the ${owner}'s \`env:\`.`,
    });
  }
}
