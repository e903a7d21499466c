/**
 * Hover on one instance of a fan-out step's outputs, `steps.<id>.outputs[n]`,
 * and on the fields read after it: which instance that is (`<id>[n]`), the
 * item it ran for (written out when the `for_each` list is), and what its
 * output is — text, or a JSON value with `output: json` (for a step that
 * calls a workflow: on that workflow's last step, as the checker reads it).
 */
import {
  type Expression,
  type Position,
  type SourceFile,
  type StepDeclaration,
  type WorkflowDeclaration,
  type ListScope,
  type WorkflowLookup,
  givesJsonOutput,
  expressionText,
  knownList,
  NO_KNOWN_LISTS,
  fansOut,
  LineIndex,
  type Range,
} from "@momoflow/language";
import { contains } from "../analysis/range-contains";
import { codeBlock } from "./declaration-markdown";

/** A fan-out step, and the text of the file that declares it. */
export interface FanOutStep {
  step: StepDeclaration;
  text: string;
  /**
   * Where its `for_each` reads its items: its workflow, with the lists a
   * test's path of calls gives that workflow's params (`given/convert[2]`).
   */
  scope: ListScope;
  /** The workflows in scope where the step is declared: a call's output is its workflow's. */
  workflowNamed: WorkflowLookup;
}

/**
 * What instance `index` of a fan-out step runs for and gives: its item
 * (written out when the `for_each` list is) and the type of its output.
 */
export function instanceFacts(
  { step, text, scope, workflowNamed }: FanOutStep,
  index: number,
): string[] {
  return [
    `Its run for ${itemText(step, text, scope, index)}.`,
    `**Output:** ${
      givesJsonOutput(step, workflowNamed)
        ? "a JSON value (`output: json`): its fields are read after it (`.name`, `[0]`)"
        : "text: the instance's output (its standard output, or what it wrote to `$MOMOFLOW_OUTPUT`)"
    } · \`null\` when that instance was skipped (its \`when\` was false)`,
  ];
}

/** The step `id` of the workflow around `position` in `file`, with that workflow. */
function stepAround(
  file: SourceFile,
  position: Position,
  id: string,
): { decl: StepDeclaration; workflow: WorkflowDeclaration } | undefined {
  const workflow = file.workflows?.find((w) => w?.range && contains(w.range, position));
  const decl = workflow?.steps?.find((s) => s?.name?.text === id);
  return decl && workflow && { decl, workflow };
}

/**
 * The Markdown of `steps.<step>.outputs[<index>]` hovered at `position` of
 * `file`, `workflowNamed` finding the workflows in scope there.
 */
export function instanceOutputMarkdown(
  file: SourceFile,
  text: string,
  position: Position,
  step: string,
  index: number,
  workflowNamed: WorkflowLookup,
): string {
  const around = stepAround(file, position, step);
  const decl = around?.decl;
  const title = codeBlock(`(instance output) steps.${step}.outputs[${index}]`);
  if (!around || !decl || !fansOut(decl))
    return `${title}\n\nStep \`${step}\` has no \`for_each\`: only a fan-out step has \`outputs\` (MF008).`;
  // The workflow around knows none of its params (any caller may give any list).
  const scope = { decl: around.workflow, known: NO_KNOWN_LISTS };
  return [
    title,
    `The output of instance \`${step}[${index}]\` of fan-out step \`${step}\`.`,
    ...instanceFacts({ step: decl, text, scope, workflowNamed }, index),
  ].join("\n\n");
}

/**
 * The Markdown of a field after `steps.<step>.outputs[<index>]`, `path`
 * the reference up to it as written, `workflowNamed` finding the workflows
 * in scope.
 */
export function instanceFieldMarkdown(
  file: SourceFile,
  position: Position,
  step: string,
  index: number,
  path: string,
  workflowNamed: WorkflowLookup,
): string {
  const decl = stepAround(file, position, step)?.decl;
  const title = codeBlock(`(JSON output field) ${path}`);
  const instance = `instance \`${step}[${index}]\``;
  if (decl && fansOut(decl) && !givesJsonOutput(decl, workflowNamed))
    return `${title}\n\nStep \`${step}\` does not declare \`output: json\`: the output of ${instance} is text, which has no fields.`;
  return `${title}\n\nA field of ${instance}'s JSON output (\`output: json\`): \`.name\` reads a field of an object, \`[0]\` an item of a list (from 0). A field the output lacks makes the reading step fail, naming it.`;
}

/**
 * "item 1 of `names`", with the item when the list is known before the run
 * (written out, or a param or var known to hold one written out: through
 * calls too, see `knownList`), or what is known of it when the list has
 * fewer items.
 */
function itemText(step: StepDeclaration, text: string, scope: ListScope, index: number): string {
  const forEach = step.properties?.find((p) => p?.name?.text === "for_each");
  const items: Expression | undefined = forEach?.value;
  if (!items) return `item ${index}`;
  const written = writtenText(text, items.range);
  const name = forEach?.item?.text;
  const of = `item ${index} of \`${written}\`${name ? ` (as \`${name}\`)` : ""}`;
  const known = knownList(items, scope);
  if (!known) return of;
  const item = known[index];
  if (!item)
    return `item ${index} of \`${written}\`, which has ${known.length} item${known.length === 1 ? "" : "s"}: there is no instance ${index}, and a step reading it fails`;
  // Written from the syntax tree: a list a call gives may be written in the caller's file.
  return `${of}, \`${expressionText(item)}\``;
}

function writtenText(text: string, range: Range): string {
  const lines = new LineIndex(text);
  return text.slice(lines.offsetAt(range.start), lines.offsetAt(range.end));
}
