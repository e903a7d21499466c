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
export function withoutComments(source: DefinitionSource, range: StepDeclaration["range"]): string {
  const { text, lines } = source;
  const start = lines.offsetAt(range.start);
  const end = lines.offsetAt(range.end);
  const spans = commentSpans(source);
  let kept = "";
  let at = start;
  // Only the comments that start inside the range: found by a binary search,
  // not by a pass over every comment of the file for every property of every
  // step (which made the outline of a large file cost seconds).
  for (let i = firstStartAtOrAfter(spans.starts, start); i < spans.starts.length; i++) {
    const from = spans.starts[i]!;
    const to = spans.ends[i]!;
    if (from >= end) break;
    if (from < at || to > end) continue;
    kept += `${text.slice(at, from)} `;
    at = to;
  }
  kept += text.slice(at, end);
  return kept.replace(/\s+/g, " ").trim();
}

/** A source's comments as offsets, in the order of their starts. */
interface CommentSpans {
  starts: number[];
  ends: number[];
}

/** Made once per comment list (a parse's): every step of a file reads the same. */
const spansByComments = new WeakMap<readonly Comment[], CommentSpans>();

function commentSpans({ comments, lines }: DefinitionSource): CommentSpans {
  let spans = spansByComments.get(comments);
  if (spans === undefined) {
    const offsets = comments
      .map((c) => [lines.offsetAt(c.range.start), lines.offsetAt(c.range.end)] as const)
      .sort((a, b) => a[0] - b[0]);
    spans = { starts: offsets.map(([from]) => from), ends: offsets.map(([, to]) => to) };
    spansByComments.set(comments, spans);
  }
  return spans;
}

/** The index of the first of the ascending `starts` at or after `offset` (`starts.length` when none is). */
function firstStartAtOrAfter(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (starts[middle]! < offset) low = middle + 1;
    else high = middle;
  }
  return low;
}
