import { isAbsolute, relative } from "node:path";
import type { Expression } from "../ast";
import { type FailingLine, failingLineText } from "../../commands/failing-line";
import { ShellError } from "../../commands/shell-process";

/**
 * The line of the file that a failed script's line was written on, when the
 * step's `run` is the script itself, as a string: a `"..."` string is on one
 * line; a `"""` string whose script lines are its source lines one for one —
 * written with the line break after the opening `"""` and the closing `"""`
 * on a line of its own, without a `\n` escape, its values without line
 * breaks — gives each script line its file line (`line`, by default the
 * failing one). Undefined otherwise (a
 * command's script, or lines that do not match): no line rather than a
 * wrong one. 1-based.
 */
export function scriptSourceLine(
  run: Expression,
  failing: FailingLine,
  line = failing.line,
): number | undefined {
  if (run.kind !== "string") return undefined;
  const { start, end } = run.range;
  if (!run.triple) return start.line + 1;
  let written = 1;
  for (const part of run.parts) {
    if (part.kind !== "text") continue;
    for (let i = part.value.indexOf("\n"); i >= 0; i = part.value.indexOf("\n", i + 1)) written++;
  }
  if (failing.lines !== written || written !== end.line - start.line - 1) return undefined;
  // Its first line is the one after the opening `"""` (0-based start.line + 1).
  return start.line + 1 + line;
}

/**
 * `error` with the failing line's place in the file added to its message
 * (`at line 3 of the script (w.momoflow:8), …`) when `scriptSourceLine`
 * knows it; else `error` itself. The file's path (`pathOf`, asked only
 * then) is shown relative to the current
 * folder when it is inside it.
 */
export function withScriptSourceLine(
  error: unknown,
  run: Expression,
  pathOf: () => string,
): unknown {
  if (!(error instanceof ShellError) || !error.failingLine) return error;
  const failing = error.failingLine;
  const line = scriptSourceLine(run, failing);
  if (line === undefined) return error;
  const path = pathOf();
  const inside = relative(process.cwd(), path);
  const shown = inside && !inside.startsWith("..") && !isAbsolute(inside) ? inside : path;
  const called =
    failing.calledAt === undefined ? undefined : scriptSourceLine(run, failing, failing.calledAt);
  const message = error.message.replace(
    failingLineText(failing),
    failingLineText(
      failing,
      `${shown}:${line}`,
      called === undefined ? undefined : `${shown}:${called}`,
    ),
  );
  return new Error(message, { cause: error });
}
