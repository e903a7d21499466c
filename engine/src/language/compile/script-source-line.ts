import { isAbsolute, relative } from "node:path";
import type { Expression } from "../ast";
import type { CommandSymbol } from "../scope";
import { type FailingLine, failingLineText } from "../../commands/failing-line";
import { ShellError } from "../../commands/shell-process";

/**
 * The line of the file that a failed script's line was written on, when
 * `run` is the script itself, as a string (see {@link scriptSource}): a
 * `"..."` string is on one line; a `"""` string whose script lines are its
 * source lines one for one — written with the line break after the opening
 * `"""` and the closing `"""` on a line of its own, without a `\n` escape,
 * its values without line breaks — gives each script line its file line
 * (`line`, by default the failing one). Undefined otherwise (lines that do
 * not match): no line rather than a wrong one. 1-based.
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

/** A script written as a string in a file: the string and the file's path. */
export interface ScriptSource {
  run: Expression;
  path: string;
}

/** How deep declared commands may call each other before the search gives up (a loop fails earlier). */
const MAX_COMMAND_DEPTH = 64;

/**
 * Where the script a step's `run` runs is written: `run` itself when it is a
 * string (in `path`, the step's file), else, for a call of a declared
 * command, that command's `run`, in the file that declares it (an imported
 * one too), through commands calling others; and the `script` argument of an
 * `sh(script: "…")` call written as a string. Undefined for anything else
 * (`js(...)`, a built-in, a script given as a value).
 */
export function scriptSource(
  run: Expression,
  path: string,
  commands: ReadonlyMap<string, CommandSymbol>,
): ScriptSource | undefined {
  let expr = run;
  let file = path;
  for (let depth = 0; depth < MAX_COMMAND_DEPTH; depth++) {
    if (expr.kind === "string") return { run: expr, path: file };
    if (expr.kind !== "call") return undefined;
    const symbol = commands.get(expr.callee.text);
    if (symbol?.kind === "declared") {
      const next = symbol.decl.properties.find((p) => p.name.text === "run")?.value;
      if (!next) return undefined;
      expr = next;
      file = symbol.path;
      continue;
    }
    if (expr.callee.text !== "sh") return undefined;
    const script = expr.args.find((arg) => arg.name?.text === "script")?.value;
    return script?.kind === "string" ? { run: script, path: file } : undefined;
  }
  return undefined;
}

/**
 * `error` with the failing line's place in the file added to its message
 * (`at line 3 of the script (w.momoflow:8), …`) when `scriptSourceLine`
 * knows it; else `error` itself. Where the script is written (`sourceOf`,
 * asked only then, see {@link scriptSource}) is shown relative to the
 * current folder when it is inside it.
 */
export function withScriptSourceLine(
  error: unknown,
  sourceOf: () => ScriptSource | undefined,
): unknown {
  if (!(error instanceof ShellError) || !error.failingLine) return error;
  const failing = error.failingLine;
  const source = sourceOf();
  if (!source) return error;
  const { run, path } = source;
  const line = scriptSourceLine(run, failing);
  if (line === undefined) return error;
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
