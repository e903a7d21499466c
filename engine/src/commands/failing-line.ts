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
}

/** Longest line text quoted in a message. */
const MAX_TEXT = 160;

/**
 * `script` with an ERR trap put before its first line, on that same line, so
 * that the script's `$LINENO` and its output are as without it: when a
 * command fails, the trap writes its status and line number — numbers only,
 * never a value — to `file`, which the script does not know of. Quiet even
 * when the write fails. bash only: sh (dash) has no ERR trap. A script that
 * sets its own ERR trap replaces this one (then nothing is said).
 */
export function withFailingLineTrap(script: string, file: string): string {
  const action = `{ printf '%s %s\\n' "$?" "$LINENO" >${shellQuoted(file)}; } 2>/dev/null || :`;
  return `trap ${shellQuoted(action)} ERR; ${script}`;
}

/**
 * The line that stopped `script`, from what its trap wrote to `file` (a
 * command continued over lines with `\` from its first line, its lines
 * joined):
 * undefined when nothing was written, or when the status of the last failed
 * command is not the script's exit code (a script that goes on past a
 * failure, `set +e`, and ends with its own `exit 3`), or for a one-line
 * script, where the line says nothing new.
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
  const match = /^(\d+) (\d+)\n$/.exec(written);
  if (!match || Number(match[1]) !== exitCode) return undefined;
  const lines = script.split("\n");
  const end = Number(match[2]);
  if (lines.length < 2 || end < 1 || end > lines.length) return undefined;
  // bash gives a command continued with `\` the number of its last line: it starts higher up.
  let line = end;
  while (line > 1 && continues(lines[line - 2]!)) line--;
  const text = lines
    .slice(line - 1, end)
    .map((part, i, all) => (i < all.length - 1 ? part.replace(/\\$/, "") : part).trim())
    .filter((part) => part !== "")
    .join(" ");
  return { line, text, lines: lines.length };
}

/**
 * How a message says the failing line: `at line 3 of the script, \`cat x\``,
 * with `where` the line in the file when the caller knows it
 * (`at line 3 of the script (w.momoflow:8), \`cat x\``).
 */
export function failingLineText(failing: FailingLine, where?: string): string {
  const place = where === undefined ? "" : ` (${where})`;
  // Cut only here, after secrets were masked: a value cut in half would not be recognized.
  const { text } = failing;
  const shown = text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
  return `at line ${failing.line} of the script${place}, \`${shown}\``;
}

/** Whether a line ends with a `\` that continues it on the next (an odd number of them). */
function continues(line: string): boolean {
  const backslashes = /\\*$/.exec(line)![0].length;
  return backslashes % 2 === 1;
}

function shellQuoted(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}
