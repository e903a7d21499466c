import type { Comment, LineIndex, StepDeclaration } from "@momoflow/language";

/**
 * Properties that say what a step is, not what it runs: editing them keeps a
 * run's figures true of the step.
 */
const NOT_RUN = new Set(["description"]);

/**
 * What a step runs, as written: each of its properties but `description`,
 * comments left out and runs of whitespace made one space, one per line in
 * source order. Two versions of a step with the same definition run the same,
 * wherever they are in the file (what tells inline figures stale, client side).
 */
export function stepDefinition(
  decl: StepDeclaration,
  text: string,
  lines: LineIndex,
  comments: readonly Comment[],
): string {
  const parts: string[] = [];
  for (const property of decl.properties ?? []) {
    if (!property?.range || NOT_RUN.has(property.name?.text ?? "")) continue;
    const start = lines.offsetAt(property.range.start);
    const end = lines.offsetAt(property.range.end);
    parts.push(withoutComments(text, lines, start, end, comments));
  }
  return parts.join("\n");
}

/** The text from `start` to `end` without the comments inside it, whitespace runs made one space. */
function withoutComments(
  text: string,
  lines: LineIndex,
  start: number,
  end: number,
  comments: readonly Comment[],
): string {
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
