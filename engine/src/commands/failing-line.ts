import { readFileSync } from "node:fs";

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
  /** Written by the ERR trap at each failed command of the shell. */
  err: string;
  /** Written by the EXIT trap when the shell exits. */
  exit: string;
}

/**
 * `script` with an ERR and an EXIT trap put before its first line, on that
 * same line, so that the script's `$LINENO` and its output are as without
 * them. When a command fails, the ERR trap writes its status, its line
 * number, the shell's pids (a subshell's differ) and the lines its functions
 * were called from to `files.err`, with, on a line of its own, where the
 * failing code came from (empty, or bash's `environment` for a function of
 * the script, or a sourced file's name). When the shell exits, the EXIT trap
 * writes its status, the lines its functions were called from, where the
 * code came from and the command that was running (bash's `$BASH_COMMAND`,
 * as written, values in) to `files.exit`: the way to tell an `exit 3` or an
 * unbound variable, which no ERR trap sees. Both files are private, in a
 * folder of the owner's, and removed once read. Quiet even when a write fails.
 *
 * `set -E` (errtrace) makes shell functions inherit the ERR trap, so a
 * failure inside one is named too. A script that sets its own ERR or EXIT
 * trap replaces ours (then that one says nothing); `set -E` would change where
 * its own ERR trap runs, so a script that mentions an ERR trap or errtrace
 * runs without it, as before. bash only: sh (dash) has no ERR trap.
 */
export function withFailingLineTrap(script: string, files: TrapFiles): string {
  const err =
    `{ printf '%s %s %s %s %s\\n%s\\n' "$?" "$LINENO" "$BASHPID" "$$" "\${BASH_LINENO[*]-}" ` +
    `"\${BASH_SOURCE[0]-}" >${shellQuoted(files.err)}; } 2>/dev/null || :`;
  const exit =
    `{ printf '%s %s\\n%s\\n%s\\n' "$?" "\${BASH_LINENO[*]-}" "\${BASH_SOURCE[0]-}" "\${BASH_COMMAND//$'\\n'/ }" ` +
    `>${shellQuoted(files.exit)}; } 2>/dev/null || :`;
  const errtrace = ownsErrTrap(script) ? "" : "set -E; ";
  return `${errtrace}trap ${shellQuoted(err)} ERR; trap ${shellQuoted(exit)} EXIT; ${script}`;
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
 *   script's exit code and it ran in the shell itself and in the script
 *   (not in a subshell or a file the script sourced);
 * - an `exit 3`, or a command that stopped the shell without a failure the
 *   ERR trap sees (an unbound variable under `set -u`): the one line of the
 *   script that holds that command, as bash wrote it (spaces aside), and
 *   none when no line or several do, when the shell was in a function of a
 *   sourced file then (out of one, it is the script's own command that ran
 *   it: `source ./lib.sh`), or for a script that mentions an ERR trap (its own may have replaced ours: then a failure names no line). An
 *   `exit` also sets aside what the ERR trap wrote for an earlier failure
 *   the script went on past (`set +e`).
 *
 * Undefined otherwise, and for a one-line script, where the line says
 * nothing new.
 */
export function readFailingLine(
  script: string,
  files: TrapFiles,
  exitCode: number | null,
): FailingLine | undefined {
  if (!exitCode) return undefined;
  const lines = script.split("\n");
  if (lines.length < 2) return undefined;
  const stop = readExitReport(files.exit, exitCode);
  const explicitExit = stop !== undefined && /^exit(\s|$)/.test(stop.command);
  const failed = explicitExit ? undefined : readErrReport(files.err, exitCode, lines);
  if (failed) return failed;
  // Its own ERR trap may have replaced ours: a failure it saw is not ours to tell.
  if (!stop || (!explicitExit && ownsErrTrap(script))) return undefined;
  // A command of a sourced file may read as one of the script's lines.
  if (!inScript(stop.source)) return undefined;
  const line = onlyLineHolding(lines, stop.command);
  if (line === undefined) return undefined;
  return withCaller({ ...commandAt(lines, line), lines: lines.length }, stop.callers, lines);
}

/** What the ERR trap wrote, when it says how `exitCode` came (see {@link readFailingLine}). */
function readErrReport(file: string, exitCode: number, lines: string[]): FailingLine | undefined {
  const written = readText(file);
  const match = written && /^(\d+) (\d+) (\d+) (\d+) ([\d ]*)\n(.*)\n$/.exec(written);
  if (!match || Number(match[1]) !== exitCode) return undefined;
  // A subshell's failure is told by the shell, at the line that started it, if it stops the script.
  if (match[3] !== match[4]) return undefined;
  // In a sourced file, $LINENO counts that file's lines.
  if (!inScript(match[6]!)) return undefined;
  const end = Number(match[2]);
  if (end < 1 || end > lines.length) return undefined;
  return withCaller({ ...commandAt(lines, end), lines: lines.length }, match[5]!, lines);
}

/** What the EXIT trap wrote, when its status is `exitCode`. */
function readExitReport(
  file: string,
  exitCode: number,
): { callers: string; source: string; command: string } | undefined {
  const written = readText(file);
  const match = written && /^(\d+) ([\d ]*)\n(.*)\n(.*)\n$/.exec(written);
  if (!match || Number(match[1]) !== exitCode) return undefined;
  return { callers: match[2]!, source: match[3]!, command: match[4]! };
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
function withCaller(failing: FailingLine, callers: string, lines: string[]): FailingLine {
  // The outermost call is the script's own line (bash -c lists no "main" frame).
  const calledAt = callers
    .trim()
    .split(" ")
    .filter((n) => n !== "")
    .map(Number)
    .at(-1);
  if (calledAt !== undefined && calledAt >= 1 && calledAt <= lines.length) {
    failing.calledAt = commandAt(lines, calledAt).line;
  }
  return failing;
}

/**
 * The one line (1-based) that holds `command` as bash prints it, spaces
 * aside, as a whole command (not `exit 3` in `exit 33`); undefined when no
 * line or several do.
 */
function onlyLineHolding(lines: string[], command: string): number | undefined {
  const wanted = spacesAside(command);
  if (wanted === "") return undefined;
  const found: number[] = [];
  lines.forEach((line, i) => {
    const text = spacesAside(line);
    for (let at = text.indexOf(wanted); at >= 0; at = text.indexOf(wanted, at + 1)) {
      const before = at === 0 ? "" : text[at - 1]!;
      const after = text[at + wanted.length] ?? "";
      if (/^[\s;&|({!]?$/.test(before) && /^[\s;&|)}#]?$/.test(after)) {
        found.push(i + 1);
        break;
      }
    }
  });
  return found.length === 1 ? found[0] : undefined;
}

/** `text` with runs of spaces made one and none around redirections, as bash prints a command. */
function spacesAside(text: string): string {
  return (
    text
      .trim()
      .replace(/\s+/g, " ")
      .replace(/ ?(\d*[<>]+&?) ?/g, "$1")
      // bash prints `>&2` as `1>&2` and `<x` as `0<x`.
      .replace(/(?<![\w$])1>/g, ">")
      .replace(/(?<![\w$])0</g, "<")
  );
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

/** The command whose last line is `end` (1-based): its first line and its lines joined. */
function commandAt(lines: string[], end: number): { line: number; text: string } {
  // bash gives a command continued with `\` the number of its last line: it starts higher up.
  let line = end;
  while (line > 1 && continues(lines[line - 2]!)) line--;
  const text = lines
    .slice(line - 1, end)
    .map((part, i, all) => (i < all.length - 1 ? part.replace(/\\$/, "") : part).trim())
    .filter((part) => part !== "")
    .join(" ");
  return { line, text };
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

/** Whether a line ends with a `\` that continues it on the next (an odd number of them). */
function continues(line: string): boolean {
  const backslashes = /\\*$/.exec(line)![0].length;
  return backslashes % 2 === 1;
}

function shellQuoted(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}
