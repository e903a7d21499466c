/**
 * The extension's inline figures as the editor draws them: the text a
 * decoration puts after a step's line (`✓ success · 12 ms`, or for a
 * fan-out or a workflow call `3 ✓ · longest 12 ms`).
 */
import type { DrawnLine, Editor } from "./editor";

/** Each named step's line as drawn (those in view), by step name. */
export async function stepLines(
  editor: Editor,
  steps: readonly string[],
): Promise<Record<string, DrawnLine>> {
  const lines = await editor.lines();
  const found: Record<string, DrawnLine> = {};
  for (const step of steps) {
    // What is drawn into the line (an inlay hint) follows the name without a space in the text.
    const line = lines.find((l) => l.text.trim().startsWith(`step ${step}`));
    if (line) found[step] = line;
  }
  return found;
}

/** The inline figures drawn after each named step's line, by step (those in view). */
export async function stepFigures(
  editor: Editor,
  steps: readonly string[],
): Promise<Record<string, string>> {
  const lines = await stepLines(editor, steps);
  return Object.fromEntries(
    Object.entries(lines).map(([step, line]) => [step, line.after.join(" | ")]),
  );
}
