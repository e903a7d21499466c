import { quietReturn, quietStart, UNLESS_POSIX } from "./quiet-shell-function";
import { calls } from "./script-command-text";

/**
 * Where a bash script's `exit` ran, told by the one code that runs then: a
 * shell function named `exit` that writes it down before bash's own `exit`.
 * No trap sees an `exit` in a subshell (a subshell runs no EXIT trap but
 * one it sets itself), and bash says nothing else of its line.
 */

/**
 * A shell function named `exit`, to be defined before the script (on its
 * first line): it writes an `ErrTrapRecord` (err-trap-record.ts, the same
 * fields in the same form) of the call to `prefix` + `.` + its subshell
 * depth — the status it exits with (its argument, or the status of the
 * command before it, as bash's `exit` takes), the line that called it, the
 * shell's pids, the depth, the time, the lines and the functions above it,
 * where the calling code came from, and `exit` with its argument as the
 * command — then runs bash's `exit` with what it was given. Quiet even when
 * a write fails, untraced under `set -x` but for the script's call
 * (quiet-shell-function.ts); forks nothing.
 *
 * The script sees it (`type exit`, `declare -f`), and within a trap
 * `$BASH_COMMAND` would read its `builtin exit …`, not the script's
 * `exit 3`: it is defined only for a script that may need it and sets no
 * trap of its own (see {@link mayDefineExitFunction}).
 */
export function exitCallFunction(prefix: string): string {
  return (
    `${UNLESS_POSIX}exit() { ${quietStart("__momoflow_status=$?")}` +
    `{ printf '%s %s %s %s %s %s %s %s\\n%s\\n%s\\n%s\\n' "\${1-$__momoflow_status}" "\${BASH_LINENO[0]}" ` +
    `"$BASHPID" "$$" "$BASH_SUBSHELL" "\${EPOCHREALTIME-}" e "\${BASH_LINENO[*]:1}" ` +
    `"\${BASH_SOURCE[1]-}" "exit\${1+ $1}" "\${FUNCNAME[*]:1}" ` +
    `>${shellQuoted(prefix)}."$BASH_SUBSHELL"; } 2>/dev/null || :; ` +
    // Refused (`exit 1 2`), it fails the call as bash's own does.
    `builtin exit "\${@:-$__momoflow_status}" || __momoflow_status=$?; ` +
    `${quietReturn('"$__momoflow_status"')}; }`
  );
}

/**
 * Whether `script` gets the `exit` function: it says `exit`, and never
 * `trap` — a trap it sets would read the function's `$BASH_COMMAND` (a
 * comment counts too, both ways).
 */
export function mayDefineExitFunction(script: string): boolean {
  return /\bexit\b/.test(script) && !/\btrap\b/.test(script);
}

/**
 * Whether line `text` of the script calls `exit` (see `calls`): the line an
 * exit record names must, as bash counts lines in a command substitution
 * from elsewhere.
 */
export function callsExit(text: string): boolean {
  return calls(text, "exit");
}

function shellQuoted(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}
