/**
 * The line bash's own last error message names (`/usr/bin/bash: line 5:
 * nmae: unbound variable`, `bash: -c: line 4: syntax error …`,
 * `environment: line 2: …` in a function of the script): bash says it for a
 * stop that is no failed command — an unbound variable, a bad expansion, a
 * syntax error — when its `$BASH_COMMAND` may still be the last command
 * that ran before.
 */

/** How many characters of standard error, from its end, are searched. */
const TAIL_CHARS = 16 * 1024;

/**
 * The line number in the last line of `stderr` that is bash's own message,
 * one starting with `argv0` (the path bash was started by, its `$0`) or
 * `environment` (a function of a `bash -c` script), then, after an optional
 * `-c:`, a word (`line`, or its translation) and the number. Undefined when
 * no line is such a message.
 */
export function bashErrorLine(stderr: string, argv0: string): number | undefined {
  const lines = stderr.slice(-TAIL_CHARS).split("\n");
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!;
    for (const name of [argv0, "environment"]) {
      if (!line.startsWith(`${name}: `)) continue;
      const number = /^(?:-c: )?[^\s:]+ (\d+): /.exec(line.slice(name.length + 2))?.[1];
      if (number !== undefined) return Number(number);
    }
  }
  return undefined;
}
