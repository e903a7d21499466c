/**
 * Keywords that start a declaration or a member, inserted as the project's
 * own snippets (`snippets/momoflow.json`, which the editor also offers), so
 * a keyword completes into the same skeleton everywhere.
 */
import { CompletionItemKind } from "vscode-languageserver/node";
import snippetFile from "../../../snippets/momoflow.json";
import type { ItemBuilder } from "./item-builder";

interface SnippetDefinition {
  prefix: string;
  description: string;
  body: string[];
}

const SNIPPETS: Readonly<Record<string, SnippetDefinition>> = snippetFile;

/** Adds the keyword `label` with the snippet named `snippet`. */
function addKeyword(builder: ItemBuilder, label: string, snippet: string, group: number): void {
  const definition = SNIPPETS[snippet];
  if (!definition) {
    builder.add(label, CompletionItemKind.Keyword, { insert: `${label} `, group });
    return;
  }
  builder.add(label, CompletionItemKind.Keyword, {
    snippet: definition.body.join("\n"),
    insert: `${label} `,
    documentation: definition.description,
    group,
  });
}

/** `workflow`, `command`, `test`, `import`. */
export function addDeclarationKeywords(builder: ItemBuilder): void {
  addKeyword(builder, "workflow", "Workflow", 0);
  addKeyword(builder, "command", "Command", 0);
  addKeyword(builder, "test", "Test", 0);
  addKeyword(builder, "import", "Import", 0);
}

/** The members of a workflow that are no properties: `param`, `var`, `step`. */
export function addWorkflowMemberKeywords(builder: ItemBuilder, group: number): void {
  addKeyword(builder, "param", "Param", group);
  addKeyword(builder, "var", "Var", group);
  addKeyword(builder, "step", "Step", group);
}

/** `expect` in a test. */
export function addTestMemberKeywords(builder: ItemBuilder, group: number): void {
  addKeyword(builder, "expect", "Expect", group);
}
