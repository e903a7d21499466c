/**
 * Completion for fan-out steps: the item of `for_each: file in <items>` where
 * a reference starts in that step's other properties, and the path functions
 * (`basename`, `stem`, `dirname`) at the start of a `${...}`.
 */
import {
  GLOB_DOC,
  GLOB_SIGNATURE,
  interpolationFunctionSignature,
  pathFunctionDoc,
} from "../language-docs";
import { CompletionItemKind } from "vscode-languageserver/node";
import {
  INTERPOLATION_FUNCTIONS,
  PROPERTY_TABLES,
  type Property,
  type StepDeclaration,
  type WorkflowDeclaration,
  type WorkflowLookup,
  givesJsonOutput,
  expressionText,
  fansOut,
  knownList,
  type ListScope,
  NO_KNOWN_LISTS,
} from "@momoflow/language";
import type { ItemBuilder } from "./item-builder";
import type { ValueSite } from "../cursor/scan-state";

/**
 * The item of the step's `for_each`, when the cursor is in another property
 * of that step that each instance reads (not `timeout` or `retries`, read
 * once for the whole step).
 */
export function addFanOutItem(
  builder: ItemBuilder,
  site: ValueSite,
  step: StepDeclaration | undefined,
  wrap: (name: string) => string,
): void {
  if (site.kind !== "step" || site.property === "for_each") return;
  const spec = PROPERTY_TABLES.step.get(site.property);
  if (spec?.readBeforeRun && !spec.perInstance) return;
  const forEach: Property | undefined = step?.properties?.find((p) => p?.name?.text === "for_each");
  const item = forEach?.item?.text;
  if (!item) return;
  builder.add(item, CompletionItemKind.Variable, {
    insert: wrap(item),
    detail: `(item) ${item}: one item of step ${step!.name.text}'s for_each`,
  });
}

/** `basename(…)`, `stem(…)`, `dirname(…)`, `json(…)`: only inside `${` (a string's interpolation). */
export function addPathFunctions(builder: ItemBuilder): void {
  for (const [name, fn] of INTERPOLATION_FUNCTIONS) {
    builder.add(name, CompletionItemKind.Function, {
      snippet: `${name}($1)`,
      insert: `${name}(`,
      detail: interpolationFunctionSignature(name, fn),
      documentation: pathFunctionDoc(fn),
      group: 1,
    });
  }
}

/**
 * What a fan-out runs over: `glob("…")`, the workflow's list params and
 * the vars set to a list written out, the JSON outputs of its other steps
 * (`steps.x.output`, an array at run time; also of a step that calls a
 * workflow whose output is JSON, found by `workflowNamed`) and the outputs
 * of its other fan-out steps (`steps.x.outputs`, the list of their
 * instances' outputs: such a step has no single `output`, MF021).
 */
export function addForEachItems(
  builder: ItemBuilder,
  workflow: WorkflowDeclaration | undefined,
  step: StepDeclaration | undefined,
  workflowNamed: WorkflowLookup,
): void {
  builder.add('glob("…")', CompletionItemKind.Function, {
    snippet: 'glob("$1")',
    insert: 'glob("")',
    filterText: "glob",
    detail: GLOB_SIGNATURE,
    documentation: GLOB_DOC,
  });
  for (const param of workflow?.params ?? []) {
    const name = param?.name?.text;
    if (name && param.type?.name?.text === "list")
      builder.add(name, CompletionItemKind.Variable, { detail: `param ${name}: list` });
  }
  for (const decl of workflow?.vars ?? []) {
    const name = decl?.name?.text;
    if (name && decl.value?.kind === "list")
      builder.add(name, CompletionItemKind.Variable, {
        detail: `var ${name} = ${expressionText(decl.value)}`,
      });
  }
  for (const other of workflow?.steps ?? []) {
    const id = other?.name?.text;
    if (!id || other === step) continue;
    if (fansOut(other)) {
      builder.add(`steps.${id}.outputs`, CompletionItemKind.Field, {
        detail: `the outputs of step ${id}'s instances (a list)`,
        filterText: `steps.${id}.outputs`,
        group: 1,
      });
    } else if (givesJsonOutput(other, workflowNamed)) {
      builder.add(`steps.${id}.output`, CompletionItemKind.Field, {
        detail: `step ${id}'s JSON output (an array)`,
        filterText: `steps.${id}.output`,
        group: 1,
      });
    }
  }
}

/**
 * The items of a fan-out step's `for_each` as written, when they are known
 * before the run, one per instance: a list written out, or a var set to one,
 * or a param of a called workflow known in `scope` (a test's path of calls
 * gives it written out); the params of the workflow a run starts at may be
 * given any list (the default scope: none known).
 */
export function writtenForEachItems(
  step: StepDeclaration,
  workflow: WorkflowDeclaration,
  scope: ListScope = { decl: workflow, known: NO_KNOWN_LISTS },
): string[] | undefined {
  const forEach = step.properties?.find((p) => p?.name?.text === "for_each");
  return knownList(forEach?.value, scope)?.map((item) => expressionText(item));
}
