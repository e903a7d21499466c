/**
 * The line bash's own last error message names (`/usr/bin/bash: line 5:
 * nmae: unbound variable`, `bash: -c: line 4: syntax error …`,
 * `environment: line 2: …` in a function of the script): bash says it for a
 * stop that is no failed command — an unbound variable, a bad expansion, a
 * syntax error — when its `$BASH_COMMAND` may still be the last command
 * that ran before.
 */

/** How many characters of standard error, from its end, are read. */
const TAIL_CHARS = 4096;

/**
 * The line number in the last line of `stderr` when that line is bash's own
 * message (what bash prints as it stops is the last thing it prints): one
 * starting with `argv0` (the path bash was started by, its `$0`) or
 * `environment` (a function of a `bash -c` script), then, after an optional
 * `-c:`, a word (`line`, or its translation) and the number. Undefined when
 * the last line is anything else.
 */
export function bashErrorLine(stderr: string, argv0: string): number | undefined {
  const last = stderr.slice(-TAIL_CHARS).trimEnd().split("\n").at(-1) ?? "";
  for (const name of [argv0, "environment"]) {
    if (!last.startsWith(`${name}: `)) continue;
    const number = /^(?:-c: )?[^\s:]+ (\d+): /.exec(last.slice(name.length + 2))?.[1];
    if (number !== undefined) return Number(number);
  }
  return undefined;
}
