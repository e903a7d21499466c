/**
 * The language's own words where they fit: keywords that start a declaration
 * or a member (inserted as the project's snippets, snippets/momoflow.json,
 * which the editor also offers, so a keyword completes into the same skeleton
 * everywhere), the properties a block accepts (from the checker's property
 * tables, with the meanings hover shows), the types a parameter may declare,
 * `none` after `rollback:`, and what a test's `expect` compares: the
 * statuses of language.md §6 (from the engine's own lists), the subjects of
 * an `expect` and the states of `expect file`.
 */
import { CompletionItemKind } from "vscode-languageserver/node";
import snippetFile from "../../../snippets/momoflow.json";
import { type ItemBuilder, SUGGEST_AGAIN } from "./item-builder";
import {
  PROPERTY_TABLES,
  type PropertyBlock,
  type PropertySpec,
  describeType,
  isTypeName,
  TYPE_NAMES,
  FINAL_STEP_STATUSES,
  ROLLBACK_NONE,
} from "@momoflow/language";
import { propertyDoc, statusMeaning, NO_ROLLBACK_DETAIL, NO_ROLLBACK_DOC } from "../language-docs";
import { WORKFLOW_STATUSES } from "@momoflow/runtime";

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

/** What a property's value is, in words. */
function valueText(spec: PropertySpec): string {
  switch (spec.role.kind) {
    case "value":
      return spec.role.expectation.type;
    case "action":
      return "action";
    case "condition":
      return "condition";
    case "step-ids":
      return "step id or list of step ids";
    case "output-format":
      return "json or text";
    case "workflow-name":
      return "workflow name";
    case "params":
      return "map of param values";
  }
}

/** The meaning of a property, and its default. */
function documentation(block: PropertyBlock, name: string): string | undefined {
  const doc = propertyDoc(block, name);
  const parts = [doc.meaning, doc.defaultValue && `Default: \`${doc.defaultValue}\``];
  return parts.filter(Boolean).join("\n\n") || undefined;
}

/** Adds the properties of `block` not in `present`; required ones first. */
export function addProperties(
  builder: ItemBuilder,
  block: PropertyBlock,
  present: ReadonlySet<string>,
): void {
  for (const spec of PROPERTY_TABLES[block].values()) {
    if (present.has(spec.name)) continue;
    builder.add(spec.name, CompletionItemKind.Property, {
      snippet: `${spec.name}: $0`,
      insert: `${spec.name}: `,
      detail: `${spec.name}: ${valueText(spec)}${spec.required ? " (required)" : ""}`,
      documentation: documentation(block, spec.name),
      group: spec.required ? 0 : 1,
    });
  }
}

/** The types a parameter may declare (language.md §3). */
export function addTypes(builder: ItemBuilder): void {
  for (const type of TYPE_NAMES) {
    builder.add(type, CompletionItemKind.TypeParameter, {
      detail: isTypeName(type) ? describeType(type) : undefined,
    });
  }
}

/** The statuses a run can end with, after `expect status ==`. */
export function addWorkflowStatuses(builder: ItemBuilder): void {
  for (const status of WORKFLOW_STATUSES) {
    builder.add(status, CompletionItemKind.EnumMember, {
      detail: "workflow status",
      documentation: capitalized(statusMeaning("workflow", status)),
    });
  }
}

/** The statuses a step can end with, after `expect step <id> ==`. */
export function addStepStatuses(builder: ItemBuilder): void {
  for (const status of FINAL_STEP_STATUSES) {
    builder.add(status, CompletionItemKind.EnumMember, {
      detail: "step status",
      documentation: capitalized(statusMeaning("step", status)),
    });
  }
}

/** What follows each subject when it is inserted (the statement's usual form). */
const SUBJECTS: readonly { subject: string; snippet: string; insert: string; again: boolean }[] = [
  { subject: "status", snippet: "status == ", insert: "status == ", again: true },
  { subject: "step", snippet: "step ", insert: "step ", again: true },
  { subject: "output", snippet: "output ", insert: "output ", again: true },
  { subject: "file", snippet: 'file "$1" ', insert: "file ", again: false },
  { subject: "duration", snippet: "duration < $0", insert: "duration < ", again: false },
  { subject: "memory", snippet: "memory < $0", insert: "memory < ", again: false },
];

/** The subjects of an `expect`. */
export function addExpectSubjects(builder: ItemBuilder): void {
  for (const { subject, snippet, insert, again } of SUBJECTS) {
    const title = `Expect ${subject}`;
    builder.add(subject, CompletionItemKind.Keyword, {
      snippet,
      insert,
      documentation: SNIPPETS[title]?.description,
      ...(again ? { command: SUGGEST_AGAIN } : {}),
    });
  }
}

/** `exists`, `missing` after `expect file <path>`. */
export function addFileStates(builder: ItemBuilder): void {
  builder.add("exists", CompletionItemKind.Keyword, { documentation: "The file exists." });
  builder.add("missing", CompletionItemKind.Keyword, { documentation: "There is no such file." });
}

/** "a step failed" → "A step failed." */
function capitalized(meaning: string | undefined): string | undefined {
  return meaning && `${meaning[0]!.toUpperCase()}${meaning.slice(1)}.`;
}

/** Adds `none`, first: an explicit undo action is offered by the commands after it. */
export function addNoRollback(builder: ItemBuilder): void {
  builder.add(ROLLBACK_NONE, CompletionItemKind.Constant, {
    detail: NO_ROLLBACK_DETAIL,
    documentation: NO_ROLLBACK_DOC,
    group: 0,
  });
}
