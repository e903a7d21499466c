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
  type ExpectSubject,
} from "@momoflow/language";
import {
  propertyDoc,
  statusMeaning,
  CONTAINS_COMPARISON_DOC,
  CONTAINS_FUNCTION_DOC,
  CONTAINS_SIGNATURE,
  NO_ROLLBACK_DETAIL,
  NO_ROLLBACK_DOC,
  OUTPUT_FORMAT_DOCS,
} from "../language-docs";
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
      key: true,
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

/** What each comparison of an `expect` checks, as its completion item says. */
const COMPARISONS: Readonly<Record<string, string>> = {
  "==": "Equals the value (compared as text).",
  "!=": "Differs from the value.",
  contains: CONTAINS_COMPARISON_DOC,
  matches:
    "The text matches the regular expression (JavaScript syntax, Unicode mode), anywhere unless anchored with `^`/`$`.",
  "<": "Less than the value.",
  "<=": "At most the value.",
};

/** The comparisons each subject of an `expect` takes (docs/language.md, Tests). */
const SUBJECT_COMPARISONS: Readonly<Record<ExpectSubject, readonly string[]>> = {
  status: ["==", "!="],
  step: ["==", "!="],
  output: ["==", "!=", "contains", "matches"],
  file: ["==", "!=", "contains", "matches"],
  duration: ["<", "<="],
  memory: ["<", "<="],
};

function addComparisons(builder: ItemBuilder, subject: ExpectSubject, group: number): void {
  for (const operator of SUBJECT_COMPARISONS[subject]) {
    builder.add(operator, CompletionItemKind.Operator, {
      insert: `${operator} `,
      detail: `expect ${subject} … ${operator}`,
      documentation: COMPARISONS[operator],
      group,
    });
  }
}

/** `exists`, `missing`, then the comparisons of the file's text, after `expect file <path>`. */
export function addFileStates(builder: ItemBuilder): void {
  builder.add("exists", CompletionItemKind.Keyword, {
    documentation: "The file exists.",
    group: 0,
  });
  builder.add("missing", CompletionItemKind.Keyword, {
    documentation: "There is no such file.",
    group: 0,
  });
  addComparisons(builder, "file", 1);
}

/** `in` after the item of `for_each: file `: the items come after it. */
export function addForEachIn(builder: ItemBuilder): void {
  builder.add("in", CompletionItemKind.Keyword, {
    insert: "in ",
    documentation: 'The items come after `in`: `for_each: file in glob("data/*.csv")`.',
  });
}

/** The comparisons after `expect status`, `expect step <id>`, `expect output <id>`. */
export function addExpectOperators(builder: ItemBuilder, subject: ExpectSubject): void {
  addComparisons(builder, subject, 0);
}

/** `json`, `text` after a step's `output:`. */
export function addOutputFormats(builder: ItemBuilder): void {
  builder.add("text", CompletionItemKind.EnumMember, {
    detail: "output: text (default)",
    documentation: OUTPUT_FORMAT_DOCS.text,
  });
  builder.add("json", CompletionItemKind.EnumMember, {
    detail: "output: json",
    documentation: OUTPUT_FORMAT_DOCS.json,
  });
}

/** `contains(…, …)` in a condition. */
export function addContains(builder: ItemBuilder): void {
  builder.add("contains", CompletionItemKind.Function, {
    snippet: "contains($1, $2)",
    insert: "contains(",
    detail: CONTAINS_SIGNATURE,
    documentation: CONTAINS_FUNCTION_DOC,
    group: 2,
  });
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

/** The strings a value may only be (`shell: "bash"`), quoted, first. */
export function addStringChoices(builder: ItemBuilder, choices: readonly string[]): void {
  for (const choice of choices) {
    const quoted = JSON.stringify(choice);
    builder.add(quoted, CompletionItemKind.EnumMember, { filterText: choice, insert: quoted });
  }
}
