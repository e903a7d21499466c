import { readdirSync, readFileSync } from "node:fs";
import { basename, dirname } from "node:path";

/**
 * What a bash script's ERR trap wrote of the last command that failed at
 * one depth of subshells (see {@link errTrapCommand}).
 */
export interface ErrTrapRecord {
  /** The failed command's status (`$?`). */
  status: number;
  /** bash's `$LINENO` for it: the line of the script (or of a sourced file) it ended on. */
  line: number;
  /** The process that ran it (`$BASHPID`). */
  pid: number;
  /** The script's own shell (`$$`, the same in its subshells). */
  shellPid: number;
  /** How deep in subshells it ran (`$BASH_SUBSHELL`, 0 in the script's own shell). */
  level: number;
  /** When, in microseconds (`$EPOCHREALTIME`, bash 5); undefined before bash 5. */
  time: number | undefined;
  /**
   * Whether errexit was on then (`e` in `$-`): the shell stopped right after
   * it. For an `exit` (see {@link exited}): whether its status went up to the
   * shell above, not run as a condition there (exit-call-record.ts).
   */
  errexit: boolean;
  /**
   * For an `exit`, where it could be read: the pid of the process that started
   * the one that ran it (exit-call-record.ts).
   */
  parentPid?: number;
  /** The lines its functions were called from (`${BASH_LINENO[*]}`), innermost first. */
  callers: number[];
  /** Where its code came from (`${BASH_SOURCE[0]}`): see `inScript`. */
  source: string;
  /** The command as bash prints it (`$BASH_COMMAND`, values in), its line breaks made spaces. */
  command: string;
  /** The functions it ran in (`${FUNCNAME[*]}`), innermost first: one for each of `callers`. */
  functions: string[];
  /**
   * Written by the script's `exit` call (exit-call-record.ts), not by a
   * failure: its `command` is `exit` with the value it was given, which may
   * read otherwise on its line (`exit "$rc"`).
   */
  exited?: true;
}

/**
 * The ERR trap's command: it writes an {@link ErrTrapRecord} of the failed
 * command to `prefix` + `.` + its subshell depth, replacing the one there, so
 * that a subshell's failure is kept next to the command that ran the
 * subshell — with `>|`, so that a script's `set -C` (noclobber) does not
 * keep the first one. Quiet even when a write fails; forks nothing.
 */
export function errTrapCommand(prefix: string): string {
  return (
    `{ printf '%s %s %s %s %s %s %s %s\\n%s\\n%s\\n%s\\n' "$?" "$LINENO" "$BASHPID" "$$" "$BASH_SUBSHELL" ` +
    `"\${EPOCHREALTIME-}" "$-" "\${BASH_LINENO[*]-}" "\${BASH_SOURCE[0]-}" "\${BASH_COMMAND//$'\\n'/ }" ` +
    `"\${FUNCNAME[*]-}" ` +
    `>|${shellQuoted(prefix)}."$BASH_SUBSHELL"; } 2>/dev/null || :`
  );
}

/**
 * The records the ERR trap wrote with `prefix`, by subshell depth (the
 * script's own shell's at 0); those unreadable or not as written left out.
 */
export function readErrTrapRecords(prefix: string): Map<number, ErrTrapRecord> {
  const records = new Map<number, ErrTrapRecord>();
  let names: string[];
  try {
    names = readdirSync(dirname(prefix));
  } catch {
    return records;
  }
  const start = `${basename(prefix)}.`;
  for (const name of names) {
    if (!name.startsWith(start) || !/^\d+$/.test(name.slice(start.length))) continue;
    const record = parseRecord(readText(`${dirname(prefix)}/${name}`));
    if (record && String(record.level) === name.slice(start.length)) {
      records.set(record.level, record);
    }
  }
  return records;
}

function parseRecord(written: string | undefined): ErrTrapRecord | undefined {
  const match =
    written &&
    /^(\d+) (\d+) (\d+) (\d+) (\d+) ([\d.,]*) (\S*) ([\d ]*)\n(.*)\n(.*)\n(.*)\n$/.exec(written);
  if (!match) return undefined;
  const time = match[6]!.replace(/\D/g, "");
  return {
    status: Number(match[1]),
    line: Number(match[2]),
    pid: Number(match[3]),
    shellPid: Number(match[4]),
    level: Number(match[5]),
    time: time === "" ? undefined : Number(time),
    errexit: match[7]!.includes("e"),
    ...parentPid(match[7]!),
    callers: match[8]!
      .split(" ")
      .filter((n) => n !== "")
      .map(Number),
    source: match[9]!,
    command: match[10]!,
    functions: match[11]!.split(" ").filter((name) => name !== ""),
  };
}

/** The parent pid an `exit` record writes after its `e` or `h` and a colon. */
function parentPid(flags: string): { parentPid?: number } {
  const pid = /^[eh]:(\d+)$/.exec(flags)?.[1];
  return pid === undefined ? {} : { parentPid: Number(pid) };
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

function shellQuoted(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}
