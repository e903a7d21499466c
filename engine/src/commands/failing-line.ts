import { readFileSync } from "node:fs";
import { type ErrTrapRecord, errTrapCommand, readErrTrapRecords } from "./err-trap-record";
import { callsExit, exitCallFunction, exitStatus, mayDefineExitFunction } from "./exit-call-record";
import { exitTrapChainFunction, mayTrapExit } from "./exit-trap-chain";
import { commandAt, holdsCommand, onlyLineHolding } from "./script-command-text";
import { type BashMessage, saysOtherLine } from "./bash-error-line";
import { endsOnItsClosingLine, innermostFailure, wholeSubshell } from "./subshell-failing-line";

/**
 * Where a failed bash script stopped: the line of the script whose command
 * failed, as bash counts it (`$LINENO`, from 1 at the script's first line),
 * and that line's text.
 */
export interface FailingLine {
  /** 1-based, within the script. */
  line: number;
  /** The line as it ran (values interpolated), trimmed; a message cuts it when long. */
  text: string;
  /** How many lines the script has (a caller mapping lines to a file checks it). */
  lines: number;
  /**
   * When the command failed inside a shell function: the line of the script,
   * outside any function, whose command called it (1-based).
   */
  calledAt?: number;
}

/** Longest line text quoted in a message. */
const MAX_TEXT = 160;

/** The private files a script's traps write to (see {@link withFailingLineTrap}). */
export interface TrapFiles {
  /**
   * The ERR trap's, at each failed command of the shell or of a subshell of
   * it: this path with `.` and the subshell's depth after it (`.0` for the
   * script's own shell).
   */
  err: string;
  /** Written by the EXIT trap when the shell exits. */
  exit: string;
  /**
   * The script's `exit` function's, at each `exit` of the shell or of a
   * subshell of it: this path with `.` and the depth (exit-call-record.ts).
   */
  exits: string;
}

/**
 * `script` with an ERR and an EXIT trap put before its first line, on that
 * same line, so that the script's `$LINENO` and its output are as without
 * them. When a command fails, the ERR trap writes its status, its line
 * number, the shell's pids, its subshell depth, the time, whether errexit
 * is on, the lines its functions were called from, where the failing code
 * came from (empty, or bash's `environment` for a function of the script,
 * or a sourced file's name) and the command, to a file of that depth
 * (err-trap-record.ts). When the shell exits, the EXIT trap writes its
 * status, the time, the lines its functions were called from, where the code came
 * from and the command that was running (bash's `$BASH_COMMAND`, as
 * written, values in) to `files.exit`: the way to tell an `exit 3` or an
 * unbound variable, which no ERR trap sees. Both in a private folder of the
 * owner's, and removed once read. Quiet even when a write fails.
 *
 * `set -E` (errtrace) makes shell functions, subshells and command
 * substitutions inherit the ERR trap, so a failure inside one is named too.
 * A script that sets its own ERR trap replaces ours, and runs its own as it
 * wrote it (nothing of ours added to it: `$?`, `$LINENO` and
 * `$BASH_COMMAND` are bash's); then our EXIT trap tells what it can.
 * `set -E` would change where its own ERR trap runs, so a script that
 * mentions an ERR trap or errtrace runs without it, as before. A script's
 * own EXIT trap runs after ours instead of replacing it, through a shell
 * function `trap` defined for a script that says `trap` (see
 * exit-trap-chain.ts): its handler still gets bash's `$?`, `$LINENO` and
 * `$BASH_COMMAND`.
 * bash only: sh (dash) has no ERR trap.
 */
export function withFailingLineTrap(script: string, files: TrapFiles): string {
  const err = errTrapCommand(files.err);
  const exit = (status: string): string =>
    `{ { printf '%s %s %s\\n%s\\n' ${status} "\${EPOCHREALTIME-}" "\${BASH_LINENO[*]-}" "\${BASH_COMMAND//$'\\n'/ }"; ` +
    `printf '%s\\n' "\${BASH_SOURCE[@]-}"; } >|${shellQuoted(files.exit)}; } 2>/dev/null || :`;
  const errtrace = ownsErrTrap(script) ? "" : "set -E; ";
  // The script's own `trap … EXIT` runs after ours rather than replacing it (exit-trap-chain.ts).
  const chain = mayTrapExit(script) ? `${exitTrapChainFunction(exit)}; ` : "";
  // Where an `exit` ran, in a subshell too, which no trap tells (exit-call-record.ts).
  const exits = mayDefineExitFunction(script) ? `${exitCallFunction(files.exits)}; ` : "";
  const traps = `builtin trap ${shellQuoted(err)} ERR; builtin trap ${shellQuoted(exit('"$?"'))} EXIT`;
  return `${errtrace}${chain}${exits}${traps}; ${script}`;
}

/**
 * Whether `script` may set its own ERR trap or errtrace: the words on one
 * line, anywhere (a comment too) — only then is `set -E` left out.
 */
function ownsErrTrap(script: string): boolean {
  return /\btrap\b.*\bERR\b|\berrtrace\b|\bset\s+[-+][a-zA-Z]*E/.test(script);
}

/**
 * The line that stopped `script`, from what its traps wrote to `files` (a
 * command continued over lines with `\` from its first line, its lines
 * joined), for an `exitCode` other than 0:
 *
 * - a failed command: the line the ERR trap wrote, when its status is the
 *   script's exit code and it ran under errexit in the shell itself and in
 *   the script (not in a file the script sourced) — or, when that command ran a
 *   subshell or a command substitution, the failure inside it that made it
 *   fail, when that can be told for sure (see {@link innermostFailure});
 * - an `exit 3`, or a command that stopped the shell without a failure the
 *   ERR trap sees (an unbound variable under `set -u`), or a failure when
 *   the script's own ERR trap replaced ours: the one line of the script
 *   that holds that command, as bash wrote it (spaces aside), and none when
 *   no line or several do (none when the script's own EXIT trap replaced
 *   ours either: set by `builtin trap`, or in a file the script sources).
 *   Out of a function of a sourced file, that command is the script's own
 *   that ran it (`source ./lib.sh`); in one, it is the file's: then the
 *   script's line that called into it is named (see {@link scriptFrame}),
 *   for an `exit` or a failure alike. What the ERR trap wrote of a failure
 *   the script went on past (errexit off: `set +e`) is set aside: what
 *   stopped it came later.
 *
 * `said` is bash's own last error message on standard error (see
 * bash-error-line.ts): a line found from `$BASH_COMMAND` alone, or from what
 * the ERR trap wrote of a command of the script's own shell, must not
 * disagree with it.
 *
 * Undefined otherwise, and for a one-line script, where the line says
 * nothing new; also when the script's own EXIT trap set the exit code (see
 * {@link setByExitTrap}), and, when that trap replaced ours, for a failure
 * whose line does not hold its command (it may be one of that trap's).
 */
export function readFailingLine(
  script: string,
  files: TrapFiles,
  exitCode: number | null,
  said?: BashMessage,
): FailingLine | undefined {
  if (!exitCode) return undefined;
  const lines = script.split("\n");
  if (lines.length < 2) return undefined;
  const reported = readExitReport(files.exit);
  const exits = readExitCalls(files.exits);
  if (reported && setByExitTrap(reported, exitCode, [readErrTrapRecords(files.err), exits]))
    return undefined;
  const called = shellExit(exits.get(0), exitCode);
  if (called && inScript(called.source)) return exitCallLine(called, lines);
  // Through the `exit` function, the EXIT trap ran inside it: its frame is set aside.
  const stop = called && reported ? outOfExitFunction(reported) : reported;
  const explicitExit =
    called !== undefined || (stop !== undefined && /^exit(\s|$)/.test(stop.command));
  const failed = explicitExit
    ? undefined
    : readErrReport(files.err, exitCode, lines, exits, reported !== undefined, said);
  if (failed) return failed;
  // A script's own ERR trap replaces ours; bash's $BASH_COMMAND stays the failed
  // command while that trap runs, and after, so the EXIT trap still tells it.
  if (!stop) return undefined;
  if (!inScript(stop.sources[0]!)) {
    // In a sourced file bash counts that file's lines, and its command may read as
    // one of the script's: the script's line that called into it is named instead.
    const frame = scriptFrame(stop);
    if (!frame || frame.line < 1 || frame.line > lines.length) return undefined;
    return withCaller(
      { ...commandAt(lines, frame.line), lines: lines.length },
      frame.callers,
      lines,
    );
  }
  // Its command is the `exit` function's own: no line holds it.
  if (called) return undefined;
  const line = onlyLineHolding(lines, stop.command);
  if (line === undefined) return undefined;
  const at = commandAt(lines, line);
  // bash's $BASH_COMMAND stays the last simple command that ran when the shell stops
  // elsewhere (`for f in $nmae`, `done < "$nmae"`, a syntax error): bash's own
  // message says the line, and another one means the command is not the stop.
  if (saysOtherLine(said, at.line, line)) return undefined;
  return withCaller({ ...at, lines: lines.length }, stop.callers, lines);
}

/**
 * What the ERR trap wrote, when it says how `exitCode` came (see
 * {@link readFailingLine}): the failure of the script's own shell, or the
 * one inside a subshell or a command substitution that made it fail (see
 * {@link innermostFailure}).
 */
function readErrReport(
  prefix: string,
  exitCode: number,
  lines: string[],
  exits: ReadonlyMap<number, ErrTrapRecord>,
  reported: boolean,
  said: BashMessage | undefined,
): FailingLine | undefined {
  const records = withExitCalls(readErrTrapRecords(prefix), exits);
  const own = records.get(0);
  if (!own || own.status !== exitCode || own.pid !== own.shellPid) return undefined;
  // Without our EXIT trap's report, the script's own replaced it (`builtin trap … EXIT`),
  // and the record may be of a command of that trap, whose $LINENO counts from the trap's
  // first line: its line must hold it, when bash gives its own line.
  if (!reported && !onItsLine(own, lines)) return undefined;
  // Without errexit the shell went on past it (`set +e`): what stopped it came later.
  if (!own.errexit) return undefined;
  // In a sourced file, $LINENO counts that file's lines.
  if (!inScript(own.source)) return undefined;
  if (own.line < 1 || own.line > lines.length) return undefined;
  const failed = innermostFailure(own, records, lines, inScript);
  const whole = wholeSubshell(failed, lines);
  const at = whole ?? commandAt(lines, failed.line);
  // A redirection of a loop or a `{ … }` failing: bash runs the ERR trap with the
  // $LINENO and $BASH_COMMAND of the last simple command that ran before it.
  if (failed === own && !whole && !endsOnItsClosingLine(own.command)) {
    if (saysOtherLine(said, at.line, own.line)) return undefined;
  }
  return withCaller({ ...at, lines: lines.length }, failed.callers, lines);
}

/**
 * Whether line `failed.line` of the script holds `failed`'s command; true
 * also for a subshell or a command substitution, which bash gives the line
 * of its `)`.
 */
function onItsLine(failed: ErrTrapRecord, lines: string[]): boolean {
  if (endsOnItsClosingLine(failed.command)) return true;
  return (
    failed.line >= 1 &&
    failed.line <= lines.length &&
    holdsCommand(commandAt(lines, failed.line).text, failed.command)
  );
}

/**
 * What the `exit` function wrote (see exit-call-record.ts), by subshell
 * depth, each with the status bash exits with and its command as the
 * script wrote it (`exit` and its first argument); those whose status
 * cannot be told left out.
 */
function readExitCalls(prefix: string): Map<number, ErrTrapRecord> {
  const records = readErrTrapRecords(prefix);
  for (const [level, record] of records) {
    const status = exitStatus(record.command, record.status);
    if (status === undefined) {
      records.delete(level);
      continue;
    }
    record.status = status;
    record.command = record.command.replace(/^exit \d+/, "exit");
    record.exited = true;
  }
  return records;
}

/**
 * The `exit` of the script's own shell, when it is what ended it with
 * `exitCode` (the status bash's `exit` takes from what it was given, see
 * `exitStatus`).
 */
function shellExit(record: ErrTrapRecord | undefined, exitCode: number): ErrTrapRecord | undefined {
  return record && record.pid === record.shellPid && record.status === exitCode
    ? record
    : undefined;
}

/** The line of the script's own `exit` that ended it, and the line that called its function. */
function exitCallLine(called: ErrTrapRecord, lines: string[]): FailingLine | undefined {
  if (called.line < 1 || called.line > lines.length) return undefined;
  const at = commandAt(lines, called.line);
  if (!callsExit(at.text)) return undefined;
  return withCaller({ ...at, lines: lines.length }, called.callers, lines);
}

/**
 * The records of failures in subshells (depth above 0), each depth's
 * replaced by the `exit` that came after it there: the last thing each
 * depth did that could end it.
 */
function withExitCalls(
  records: Map<number, ErrTrapRecord>,
  exits: ReadonlyMap<number, ErrTrapRecord>,
): Map<number, ErrTrapRecord> {
  for (const [level, exit] of exits) {
    if (level === 0 || exit.time === undefined) continue;
    const failure = records.get(level);
    if (!failure || failure.time === undefined || failure.time < exit.time)
      records.set(level, exit);
  }
  return records;
}

/** What the EXIT trap wrote, as it would read without the `exit` function's frame on top. */
function outOfExitFunction(stop: ExitReport): ExitReport {
  return { ...stop, callers: stop.callers.slice(1), sources: stop.sources.slice(1) };
}

/**
 * Whether the script's own EXIT trap, run after ours, set the exit code:
 * ours saw another status (`trap 'exit 4' EXIT`), or the shell's own records
 * (`records`, by depth) were written after ours, by that trap's commands
 * (`trap 'rm "$tmp"; false' EXIT`), whose `$LINENO` bash counts from the
 * trap's first line. Then the failing command is not one of the script's lines.
 */
function setByExitTrap(
  report: ExitReport,
  exitCode: number,
  records: ReadonlyMap<number, ErrTrapRecord>[],
): boolean {
  if (report.status !== exitCode) return true;
  if (report.time === undefined) return false;
  return records.some((byLevel) => {
    const own = byLevel.get(0);
    return own?.time !== undefined && own.time > report.time!;
  });
}

/** What the EXIT trap wrote when the shell exited. */
interface ExitReport {
  /** The shell's exit status as the EXIT trap saw it (`$?`). */
  status: number;
  /** When, in microseconds (`$EPOCHREALTIME`, bash 5); undefined before bash 5. */
  time: number | undefined;
  /** The lines its functions were called from (`${BASH_LINENO[*]}`), innermost first. */
  callers: number[];
  /** Where the code of each of those frames came from (`${BASH_SOURCE[@]}`), innermost first. */
  sources: string[];
  /** The command bash was running (`$BASH_COMMAND`), its line breaks made spaces. */
  command: string;
}

/** What the EXIT trap wrote. */
function readExitReport(file: string): ExitReport | undefined {
  const written = readText(file);
  const match = written && /^(\d+) ([\d.,]*) ([\d ]*)\n(.*)\n((?:.*\n)+)$/.exec(written);
  if (!match) return undefined;
  const time = match[2]!.replace(/\D/g, "");
  return {
    status: Number(match[1]),
    time: time === "" ? undefined : Number(time),
    callers: match[3]!
      .split(" ")
      .filter((n) => n !== "")
      .map(Number),
    sources: match[5]!.slice(0, -1).split("\n"),
    command: match[4]!,
  };
}

/**
 * Where the script's own code was when the shell stopped inside a function
 * of a file it sources: the innermost line of the script on the way there
 * (bash's `BASH_LINENO[i]` is a line of `BASH_SOURCE[i + 1]`, the script past
 * the last), and the calls above it. Undefined when none is the script's.
 */
function scriptFrame(stop: ExitReport): { line: number; callers: number[] } | undefined {
  for (let i = 0; i < stop.callers.length; i++) {
    if (inScript(stop.sources[i + 1] ?? "")) {
      return { line: stop.callers[i]!, callers: stop.callers.slice(i + 1) };
    }
  }
  return undefined;
}

/**
 * Whether bash's `${BASH_SOURCE[0]}` names the script: empty outside any
 * function, `environment` in a function of a `bash -c` script; a sourced
 * file's name otherwise.
 */
function inScript(source: string): boolean {
  return source === "" || source === "environment";
}

/** `failing` with the line that called its function, from bash's `${BASH_LINENO[*]}`. */
function withCaller(failing: FailingLine, callers: number[], lines: string[]): FailingLine {
  // The outermost call is the script's own line (bash -c lists no "main" frame).
  const calledAt = callers.at(-1);
  if (calledAt !== undefined && calledAt >= 1 && calledAt <= lines.length) {
    failing.calledAt = commandAt(lines, calledAt).line;
  }
  return failing;
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

/**
 * How a message says the failing line: `at line 3 of the script, \`cat x\``,
 * with `where` the line in the file when the caller knows it
 * (`at line 3 of the script (w.momoflow:8), \`cat x\``), and for a failure
 * inside a shell function the line that called it
 * (`…, in a function called at line 7 (w.momoflow:12)`).
 */
export function failingLineText(
  failing: FailingLine,
  where?: string,
  calledWhere?: string,
): string {
  const place = where === undefined ? "" : ` (${where})`;
  // Cut only here, after secrets were masked: a value cut in half would not be recognized.
  const { text } = failing;
  const shown = text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
  const at = `at line ${failing.line} of the script${place}, \`${shown}\``;
  if (failing.calledAt === undefined) return at;
  const calledPlace = calledWhere === undefined ? "" : ` (${calledWhere})`;
  return `${at}, in a function called at line ${failing.calledAt}${calledPlace}`;
}

function shellQuoted(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}
