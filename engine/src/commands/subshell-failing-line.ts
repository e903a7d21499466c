import type { ErrTrapRecord } from "./err-trap-record";
import { pipelineLines } from "./pipeline-lines";
import { callsExit } from "./exit-call-record";
import {
  commandAt,
  holdsCommand,
  onlyLineCalling,
  onlyLineHolding,
  openingLine,
} from "./script-command-text";

/**
 * The failure inside a subshell `( … )` or a command substitution `$( … )`
 * that made `failed` fail, followed down through subshells within
 * subshells; `failed` itself when none can be told for sure. `records` are
 * the last ERR trap records at each subshell depth (see err-trap-record.ts),
 * or the `exit` that came after it there (see exit-call-record.ts).
 *
 * A subshell's record is taken only when all of these hold, so that a
 * failure the script handled or went on past is never named:
 *
 * - `failed`'s command runs a subshell (it starts with `(`, or it is a
 *   pipeline, whose stages run in subshells) or holds a command
 *   substitution (`$(` or a backquote);
 * - the record is the one written last before `failed`'s, deeper than it,
 *   by the same script, with the same status, under errexit (the subshell
 *   stopped right after it: momoflow runs bash with `inherit_errexit`, so a
 *   command substitution stops there too), in the script's own code;
 * - it lies within the lines of `failed`'s command (from the line that opens
 *   its parentheses to the one that closes them) and its line holds its
 *   command (for an `exit`, a call of `exit`): in a subshell, at the line bash gives it (through the line
 *   that called its function, when it failed in one); in a command
 *   substitution, whose `$LINENO` bash counts from elsewhere, at the one
 *   line of those that holds its command, or, in a function it calls, at
 *   the function's line, called from the one line of those that calls that
 *   function.
 */
export function innermostFailure(
  failed: ErrTrapRecord,
  records: ReadonlyMap<number, ErrTrapRecord>,
  lines: string[],
  inScript: (source: string) => boolean,
): ErrTrapRecord {
  let outer = failed;
  for (;;) {
    const inner = failureWithin(outer, records, lines, inScript);
    if (!inner) return outer;
    outer = inner;
  }
}

function failureWithin(
  outer: ErrTrapRecord,
  records: ReadonlyMap<number, ErrTrapRecord>,
  lines: string[],
  inScript: (source: string) => boolean,
): ErrTrapRecord | undefined {
  // A command substitution's lines are told apart as such, below.
  const pipeline = substitutes(outer.command) ? undefined : pipelineLines(lines, outer.line);
  const subshell = runsSubshell(outer.command) || piped(lines, outer.line) || !!pipeline;
  if (!subshell && !substitutes(outer.command)) return undefined;
  const inner = lastBefore(outer, records);
  if (
    !inner ||
    !directlyBelow(inner, outer) ||
    inner.status !== outer.status ||
    inner.shellPid !== outer.shellPid ||
    !inner.errexit ||
    !inScript(inner.source)
  ) {
    return undefined;
  }
  const from = pipeline?.from ?? openingLine(lines, outer.line);
  if (from === undefined) return undefined;
  // Its functions' calls below those of the outer command's frame.
  const deeper = inner.callers.length - outer.callers.length;
  if (deeper < 0 || !sameCalls(inner.callers.slice(deeper), outer.callers)) return undefined;
  if (subshell) {
    const at = deeper === 0 ? inner.line : inner.callers[deeper - 1]!;
    if (at < from || at > (pipeline?.to ?? outer.line)) return undefined;
    if (inner.line < 1 || inner.line > lines.length) return undefined;
    // A subshell within it ends on a line of its own (`)`): what failed in it is looked for next.
    if (!inner.exited && (runsSubshell(inner.command) || substitutes(inner.command))) return inner;
    return holds(commandAt(lines, inner.line).text, inner) ? inner : undefined;
  }
  // In a command substitution bash counts lines on from the outer command's: what
  // ran in it before that line ran in another one.
  if ((deeper === 0 ? inner.line : inner.callers[deeper - 1]!) < outer.line) return undefined;
  if (deeper !== 0) {
    // In a function it calls: the function's own lines are bash's; the call, in the
    // substitution, is the one of its lines that calls that function.
    if (inner.line < 1 || inner.line > lines.length) return undefined;
    if (!holds(commandAt(lines, inner.line).text, inner)) return undefined;
    const called = inner.functions[deeper - 1];
    const call =
      called === undefined ? undefined : onlyLineCalling(lines, called, from, outer.line);
    if (call === undefined) return undefined;
    const callers = [...inner.callers];
    callers[deeper - 1] = call;
    return { ...inner, callers };
  }
  const line = inner.exited
    ? onlyLineCalling(lines, "exit", from, outer.line)
    : onlyLineHolding(lines, inner.command, from, outer.line);
  return line === undefined ? undefined : { ...inner, line };
}

/**
 * Whether line `text` holds what `record` says ran there: its command, or
 * for an `exit` (whose value may be written otherwise: `exit "$rc"`) a call of `exit`.
 */
function holds(text: string, record: ErrTrapRecord): boolean {
  return record.exited ? callsExit(text) : holdsCommand(text, record.command);
}

/**
 * The multi-line subshell `( … )` or command substitution `$( … )` that
 * `failed` ran, when {@link innermostFailure} could tell nothing inside it
 * (an `exit`, an unbound variable: no ERR trap runs, and bash says nothing
 * of the line it stopped at): its first line, and as its text its first
 * and last lines (`( … )`, `version=$( … )`, `( … ) | tee build.log`), not
 * the line bash gives it, the last, which holds only its `)`. Undefined
 * for a command on one line, or one that runs no subshell.
 */
export function wholeSubshell(
  failed: ErrTrapRecord,
  lines: string[],
): { line: number; text: string } | undefined {
  if (failed.line < 1 || failed.line > lines.length) return undefined;
  // A pipeline over several lines: bash gives it the line of one of its simple commands.
  const pipeline = substitutes(failed.command) ? undefined : pipelineLines(lines, failed.line);
  if (pipeline) {
    const last = commandAt(lines, pipeline.to).text;
    return { line: pipeline.from, text: `${lines[pipeline.from - 1]!.trim()} … ${last}` };
  }
  const subshell =
    runsSubshell(failed.command) || piped(lines, failed.line) || substitutes(failed.command);
  if (!subshell) return undefined;
  const last = commandAt(lines, failed.line);
  const from = openingLine(lines, failed.line);
  if (from === undefined || from >= last.line) return undefined;
  return { line: from, text: `${lines[from - 1]!.trim()} … ${last.text}` };
}

/**
 * Whether bash's text of a command says it runs a subshell or a command
 * substitution, which bash gives the line its `)` closes on.
 */
export function endsOnItsClosingLine(command: string): boolean {
  return runsSubshell(command) || substitutes(command);
}

/** Whether bash's text of a command says it runs a subshell: `( … )`. */
function runsSubshell(command: string): boolean {
  return command.startsWith("(");
}

/**
 * Whether the command ending on line `end` is a pipeline (a `|` not of `||`
 * on that line): bash runs each of its stages but the last in a subshell,
 * and the last names the pipeline in `$BASH_COMMAND`.
 */
function piped(lines: string[], end: number): boolean {
  return end >= 1 && end <= lines.length && /(?<!\|)\|(?!\|)/.test(commandAt(lines, end).text);
}

/** Whether bash's text of a command holds a command substitution: `$( … )` or backquotes. */
function substitutes(command: string): boolean {
  return /\$\(|`/.test(command);
}

/**
 * Whether `inner` ran in a subshell that `outer`'s shell ran itself: one
 * level down, or further down in a process `outer`'s started (a subshell
 * written directly in another, `( ( exit 7 ) )`, runs in the same process).
 * What failed deeper in a subshell of a subshell made the subshell between
 * fail too, and that wrote a record of its own: a record further down,
 * with none between, is of a failure some subshell went on past.
 */
function directlyBelow(inner: ErrTrapRecord, outer: ErrTrapRecord): boolean {
  return inner.level === outer.level + 1 || inner.parentPid === outer.pid;
}

/**
 * Whether two lists of the lines functions were called from are the same:
 * a subshell's frames below its own are those of the shell that ran it.
 */
function sameCalls(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((line, i) => line === b[i]);
}

/** The record written last before `outer`'s, deeper in subshells than it. */
function lastBefore(
  outer: ErrTrapRecord,
  records: ReadonlyMap<number, ErrTrapRecord>,
): ErrTrapRecord | undefined {
  if (outer.time === undefined) return undefined;
  let last: ErrTrapRecord | undefined;
  for (const record of records.values()) {
    if (record.level <= outer.level || record.time === undefined) continue;
    if (record.time > outer.time) continue;
    if (!last || record.time > last.time!) last = record;
  }
  return last;
}
