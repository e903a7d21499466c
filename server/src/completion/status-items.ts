/**
 * What a test's `expect` statements compare: the statuses of language.md §6
 * (from the engine's own lists), the subjects of an `expect`, and the states
 * of `expect file`.
 */
import { CompletionItemKind } from "vscode-languageserver/node";
import { FINAL_STEP_STATUSES } from "@momoflow/language";
import { WORKFLOW_STATUSES } from "@momoflow/runtime";
import snippetFile from "../../../snippets/momoflow.json";
import { statusMeaning } from "../language-docs";
import { type ItemBuilder, SUGGEST_AGAIN } from "./item-builder";

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

const SNIPPET_DOCS: Readonly<Record<string, { description: string }>> = snippetFile;

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
      documentation: SNIPPET_DOCS[title]?.description,
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
