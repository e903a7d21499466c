import type { Comment, StepDeclaration } from "../ast";
import type { LineIndex } from "../line-index";
import type { ReadDeclaration } from "./workflow-reads";

/**
 * Properties that say what a step is, not what it runs: editing them keeps a
 * run's figures true of the step.
 */
const NOT_RUN = new Set(["description"]);

/** The text a definition quotes from. */
export interface DefinitionSource {
  text: string;
  lines: LineIndex;
  comments: readonly Comment[];
}

/**
 * What a step runs, as written: each of its properties but `description`,
 * one per line in source order, then each param, var and `env:` variable of
 * its workflow that it reads (`reads`, see workflow-reads.ts), one per line
 * in a fixed order (`env NAME: value`, `param n: int = 3`, `var out = …`,
 * the workflow's `shell:` when the step has none), and a line for each
 * command and workflow of the file it calls (`called`, see
 * called-declarations.ts), comments left out and runs of whitespace made one
 * space. Two versions of a
 * step with the same definition run the same, wherever they and what they
 * read are in the file (what tells inline figures stale, client side).
 */
export function stepDefinition(
  decl: StepDeclaration,
  source: DefinitionSource,
  reads: readonly ReadDeclaration[] = [],
  called: readonly string[] = [],
): string {
  const parts: string[] = [];
  for (const property of decl.properties ?? []) {
    if (!property?.range || NOT_RUN.has(property.name?.text ?? "")) continue;
    parts.push(withoutComments(source, property.range));
  }
  const declarations = [...reads.map((read) => readText(read, source)), ...called];
  return [...parts, ...declarations.sort()].join("\n");
}

/** The text of each declaration read, once: many steps of a workflow read the same ones. */
const readTexts = new WeakMap<ReadDeclaration, string>();

function readText(read: ReadDeclaration, source: DefinitionSource): string {
  let text = readTexts.get(read);
  if (text === undefined) {
    const written = withoutComments(source, read.range);
    text = read.kind === "env" ? `env ${written}` : written;
    readTexts.set(read, text);
  }
  return text;
}

/** The text of `range` without the comments inside it, whitespace runs made one space. */
export function withoutComments(
  { text, lines, comments }: DefinitionSource,
  range: StepDeclaration["range"],
): string {
  const start = lines.offsetAt(range.start);
  const end = lines.offsetAt(range.end);
  let kept = "";
  let at = start;
  for (const comment of comments) {
    const from = lines.offsetAt(comment.range.start);
    const to = lines.offsetAt(comment.range.end);
    if (from < at || to > end) continue;
    kept += `${text.slice(at, from)} `;
    at = to;
  }
  kept += text.slice(at, end);
  return kept.replace(/\s+/g, " ").trim();
}
