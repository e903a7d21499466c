/**
 * Hover on one instance of a fan-out step's outputs, `steps.<id>.outputs[n]`,
 * and on the fields read after it: which instance that is (`<id>[n]`), the
 * item it ran for (written out when the `for_each` list is), and what its
 * output is — text, or a JSON value with `output: json`.
 */
import {
  type Expression,
  type Position,
  type SourceFile,
  type StepDeclaration,
  declaresJsonOutput,
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
}

/**
 * What instance `index` of a fan-out step runs for and gives: its item
 * (written out when the `for_each` list is) and the type of its output.
 */
export function instanceFacts({ step, text }: FanOutStep, index: number): string[] {
  return [
    `Its run for ${itemText(step, text, index)}.`,
    `**Output:** ${
      declaresJsonOutput(step)
        ? "a JSON value (`output: json`): its fields are read after it (`.name`, `[0]`)"
        : "text: the instance's output (its standard output, or what it wrote to `$MOMOFLOW_OUTPUT`)"
    } · \`null\` when that instance was skipped (its \`when\` was false)`,
  ];
}

/** The step `id` of the workflow around `position` in `file`. */
function stepAround(file: SourceFile, position: Position, id: string): StepDeclaration | undefined {
  const workflow = file.workflows?.find((w) => w?.range && contains(w.range, position));
  return workflow?.steps?.find((s) => s?.name?.text === id);
}

/** The Markdown of `steps.<step>.outputs[<index>]` hovered at `position` of `file`. */
export function instanceOutputMarkdown(
  file: SourceFile,
  text: string,
  position: Position,
  step: string,
  index: number,
): string {
  const decl = stepAround(file, position, step);
  const title = codeBlock(`(instance output) steps.${step}.outputs[${index}]`);
  if (!decl || !fansOut(decl))
    return `${title}\n\nStep \`${step}\` has no \`for_each\`: only a fan-out step has \`outputs\` (MF008).`;
  return [
    title,
    `The output of instance \`${step}[${index}]\` of fan-out step \`${step}\`.`,
    ...instanceFacts({ step: decl, text }, index),
  ].join("\n\n");
}

/**
 * The Markdown of a field after `steps.<step>.outputs[<index>]`, `path`
 * the reference up to it as written.
 */
export function instanceFieldMarkdown(
  file: SourceFile,
  position: Position,
  step: string,
  index: number,
  path: string,
): string {
  const decl = stepAround(file, position, step);
  const title = codeBlock(`(JSON output field) ${path}`);
  const instance = `instance \`${step}[${index}]\``;
  if (decl && fansOut(decl) && !declaresJsonOutput(decl))
    return `${title}\n\nStep \`${step}\` does not declare \`output: json\`: the output of ${instance} is text, which has no fields.`;
  return `${title}\n\nA field of ${instance}'s JSON output (\`output: json\`): \`.name\` reads a field of an object, \`[0]\` an item of a list (from 0). A field the output lacks makes the reading step fail, naming it.`;
}

/**
 * "item 1 of `names`", with the item when the list is written out, or what
 * is known of it when the list has fewer items.
 */
function itemText(step: StepDeclaration, text: string, index: number): string {
  const forEach = step.properties?.find((p) => p?.name?.text === "for_each");
  const items: Expression | undefined = forEach?.value;
  if (!items) return `item ${index}`;
  const written = writtenText(text, items.range);
  const name = forEach?.item?.text;
  const of = `item ${index} of \`${written}\`${name ? ` (as \`${name}\`)` : ""}`;
  if (items.kind !== "list") return of;
  const item = items.items[index];
  if (!item)
    return `item ${index} of \`${written}\`, which has ${items.items.length} item${items.items.length === 1 ? "" : "s"}: there is no instance ${index}, and a step reading it fails`;
  return `${of}, \`${writtenText(text, item.range)}\``;
}

function writtenText(text: string, range: Range): string {
  const lines = new LineIndex(text);
  return text.slice(lines.offsetAt(range.start), lines.offsetAt(range.end));
}
