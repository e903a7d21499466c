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

/**
 * `script` with an ERR trap put before its first line, on that same line, so
 * that the script's `$LINENO` and its output are as without it: when a
 * command of the shell itself fails (not of a subshell), the trap writes its
 * status, its line number and the lines its functions were called from —
 * numbers only, never a value — to `file`, which the script does not know
 * of, with, on a line of its own, where the failing code came from (empty, or
 * bash's `environment` for a function of the script, or a sourced file's name:
 * that file is private too). Quiet even when the write fails.
 *
 * `set -E` (errtrace) makes shell functions inherit the trap, so a failure
 * inside one is named too. A script that sets its own ERR trap replaces this
 * one (then nothing is said); `set -E` would change where its trap runs, so
 * a script that mentions an ERR trap or errtrace runs without it, as before.
 * bash only: sh (dash) has no ERR trap.
 */
export function withFailingLineTrap(script: string, file: string): string {
  const action =
    `{ printf '%s %s %s %s %s\\n%s\\n' "$?" "$LINENO" "$BASHPID" "$$" "\${BASH_LINENO[*]-}" ` +
    `"\${BASH_SOURCE[0]-}" >${shellQuoted(file)}; } 2>/dev/null || :`;
  const errtrace = ownsErrTrap(script) ? "" : "set -E; ";
  return `${errtrace}trap ${shellQuoted(action)} ERR; ${script}`;
}

/**
 * Whether `script` may set its own ERR trap or errtrace: the words on one
 * line, anywhere (a comment too) — only then is `set -E` left out.
 */
function ownsErrTrap(script: string): boolean {
  return /\btrap\b.*\bERR\b|\berrtrace\b|\bset\s+[-+][a-zA-Z]*E/.test(script);
}

/**
 * The line that stopped `script`, from what its trap wrote to `file` (a
 * command continued over lines with `\` from its first line, its lines
 * joined):
 * undefined when nothing was written, or when the status of the last failed
 * command is not the script's exit code (a script that goes on past a
 * failure, `set +e`, and ends with its own `exit 3`), when that command ran
 * in a subshell or in a file the script sourced, or for a one-line script,
 * where the line says nothing new.
 */
export function readFailingLine(
  script: string,
  file: string,
  exitCode: number | null,
): FailingLine | undefined {
  let written: string;
  try {
    written = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  const match = /^(\d+) (\d+) (\d+) (\d+) ([\d ]*)\n(.*)\n$/.exec(written);
  if (!match || Number(match[1]) !== exitCode) return undefined;
  // A subshell's failure is told by the shell, at the line that started it, if it stops the script.
  if (match[3] !== match[4]) return undefined;
  // In a sourced file, $LINENO counts that file's lines.
  if (match[6] !== "" && match[6] !== "environment") return undefined;
  const lines = script.split("\n");
  const end = Number(match[2]);
  if (lines.length < 2 || end < 1 || end > lines.length) return undefined;
  const failing: FailingLine = { ...commandAt(lines, end), lines: lines.length };
  // The outermost call is the script's own line (bash -c lists no "main" frame).
  const callers = match[5]!
    .trim()
    .split(" ")
    .filter((n) => n !== "")
    .map(Number);
  const calledAt = callers.at(-1);
  if (calledAt !== undefined && calledAt >= 1 && calledAt <= lines.length) {
    failing.calledAt = commandAt(lines, calledAt).line;
  }
  return failing;
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
