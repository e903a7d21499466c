/**
 * The line bash's own last error message names (`/usr/bin/bash: line 5:
 * nmae: unbound variable`, `bash: -c: line 4: syntax error …`,
 * `environment: line 2: …` in a function of the script): bash says it for a
 * stop that is no failed command — an unbound variable, a bad expansion, a
 * syntax error, a loop's redirection — when its `$LINENO` and
 * `$BASH_COMMAND` may still be those of the last command that ran before.
 */

/** How many characters of standard error, from its end, are read. */
const TAIL_CHARS = 16 * 1024;

/** A message of bash's own on standard error. */
export interface BashMessage {
  /** The line of the script it names (1-based). */
  line: number;
  /** Whether it is the last line of standard error: what bash printed as it stopped. */
  last: boolean;
}

/**
 * The last line of `stderr` that is bash's own message: one starting with
 * `argv0` (the path bash was started by, its `$0`) or `environment` (a
 * function of a `bash -c` script), then, after an optional `-c:`, a word
 * (`line`, or its translation) and the number. Undefined when none is.
 */
export function bashMessage(stderr: string, argv0: string): BashMessage | undefined {
  const lines = stderr.slice(-TAIL_CHARS).trimEnd().split("\n");
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = messageLine(lines[i]!, argv0);
    if (line !== undefined) return { line, last: i === lines.length - 1 };
  }
  return undefined;
}

/**
 * Whether `message` says the stop was elsewhere than lines `from` to `to`
 * (1-based): bash's last message, printed as it stopped, names another line;
 * or an earlier message of bash's names a later line (printed after what
 * `from`–`to` ran, or in an earlier pass of a loop: no line rather than a
 * wrong one). An earlier message naming an earlier line was of an error the
 * script went on past (`type jq || …`).
 */
export function saysOtherLine(message: BashMessage | undefined, from: number, to: number): boolean {
  if (!message) return false;
  return message.line > to || (message.last && message.line < from);
}

function messageLine(text: string, argv0: string): number | undefined {
  for (const name of [argv0, "environment"]) {
    if (!text.startsWith(`${name}: `)) continue;
    const number = /^(?:-c: )?[^\s:]+ (\d+): /.exec(text.slice(name.length + 2))?.[1];
    if (number !== undefined) return Number(number);
  }
  return undefined;
}
