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
 * depth — as its status the status of the command before it (which a bare
 * `exit` takes), the line that called it, the shell's pids, the depth, the
 * time, whether its status goes up (see {@link exitGoesUp}) and the pid of
 * the process that started this one (see {@link PARENT_PID}), the lines and
 * the functions above it, where the calling code came from, and `exit`
 * with its arguments (how many, then the first, its line breaks made
 * `?`) as the command, from which the reader tells the status bash exits
 * with (see {@link exitStatus}) — then runs bash's own `exit` with what it
 * was given. Should bash's `exit` return (an older bash refusing `exit 1
 * 2`), the record is emptied: that `exit` ended nothing. Quiet even when a
 * write fails, untraced under `set -x` but for the script's call
 * (quiet-shell-function.ts); forks nothing. Called by a trap's command (an
 * EXIT trap a file the script sources set), it writes nothing: bash counts
 * that command's lines from the trap's first, and within a trap
 * `$BASH_COMMAND` is still the command the trap came at, not the
 * function's own (which tells it).
 *
 * The script sees it (`type exit`, `declare -f`), and within a trap
 * `$BASH_COMMAND` would read its `builtin exit …`, not the script's
 * `exit 3`: it is defined only for a script that may need it and sets no
 * trap of its own (see {@link mayDefineExitFunction}).
 */
export function exitCallFunction(prefix: string): string {
  const file = `${shellQuoted(prefix)}."$BASH_SUBSHELL"`;
  return (
    `${UNLESS_POSIX}exit() { ${quietStart("__momoflow_status=$? __momoflow_up=e __momoflow_trap= __momoflow_ppid= __momoflow_cmd=$BASH_COMMAND")}` +
    // Run by a trap (the EXIT trap a sourced file set): its line is the trap's, not the script's.
    `case $__momoflow_cmd in 'local __momoflow_status='*) ` +
    // Not within a `||` list: that would make every call a condition.
    `{ ${exitGoesUp(`${shellQuoted(`${prefix}-err-trap`)}."$BASHPID"`)} } 2>/dev/null; ` +
    `${PARENT_PID} ` +
    `{ printf '%s %s %s %s %s %s %s %s\\n%s\\n%s\\n%s\\n' "$__momoflow_status" "\${BASH_LINENO[0]}" ` +
    `"$BASHPID" "$$" "$BASH_SUBSHELL" "\${EPOCHREALTIME-}" "$__momoflow_up:$__momoflow_ppid" "\${BASH_LINENO[*]:1}" ` +
    `"\${BASH_SOURCE[1]-}" "exit $#\${1+ \${1//$'\\n'/?}}" "\${FUNCNAME[*]:1}" ` +
    `>|${file}; } 2>/dev/null || :;; esac; ` +
    // Refused (`exit 1 2` in an older bash), it fails the call as bash's own does.
    `builtin exit "\${@:-$__momoflow_status}" || { __momoflow_status=$?; { : >|${file}; } 2>/dev/null || :; }; ` +
    `${quietReturn('"$__momoflow_status"')}; }`
  );
}

/**
 * Sets `__momoflow_ppid` to the pid of the process that started this one,
 * from Linux's `/proc/<pid>/stat` (its fourth field, after the command's
 * name in parentheses); empty elsewhere. A subshell written directly in
 * another, `( ( exit 7 ) )`, runs in the same process, one level deeper:
 * this tells its `exit` apart from one of a subshell the shell above ran
 * and went on past.
 */
const PARENT_PID =
  `{ if IFS= read -r __momoflow_ppid </proc/$BASHPID/stat; then __momoflow_ppid=\${__momoflow_ppid##*) }; ` +
  `__momoflow_ppid=\${__momoflow_ppid#* }; __momoflow_ppid=\${__momoflow_ppid%% *}; fi; } 2>/dev/null;`;

/**
 * Commands that leave `__momoflow_up` at `e` when the `exit` they run in
 * sends its status up to the shell above — always in the script's own
 * shell, which it ends — and make it `h` in a subshell run as a condition
 * (`( … exit 3 ) || true`, `if ! ( … )`, a function called so): there bash
 * ignores errexit, and runs no ERR trap either. Which of the two is told
 * by a failing `(( 0 ))` under `set +e` with an ERR trap of its own
 * (errexit turned back on after when it was on, and the ERR trap set back
 * from what `trap -p` wrote to `saved`, a file of the subshell's own): the
 * trap runs only where errexit is not ignored. Nothing here may fail
 * outside a condition, where a failure would stop the subshell. Without
 * errtrace (`set +E`) the trap may not run in a function: `h`, the exit
 * named for nothing.
 */
function exitGoesUp(saved: string): string {
  return (
    `if [ "$BASH_SUBSHELL" != 0 ]; then __momoflow_up=h; ` +
    `if builtin trap -p ERR >|${saved}; then IFS= read -r -d '' __momoflow_trap <${saved} || :; fi; ` +
    `builtin trap '__momoflow_up=e' ERR; ` +
    `case $- in *e*) set +e; (( 0 )); set -e;; *) (( 0 ));; esac; ` +
    `if [ -n "$__momoflow_trap" ]; then eval "builtin $__momoflow_trap" || :; else builtin trap - ERR; fi; fi;`
  );
}

/**
 * The status bash's `exit` ends a shell with, from the record's command
 * (`exit`, how many arguments, the first; see {@link exitCallFunction}) and
 * `before`, the status of the command before it: with no argument,
 * `before`; with a first argument that is not a number bash takes (digits,
 * a sign, spaces or tabs around, within 64 bits), 2 (`numeric argument
 * required`); with more than one, 1 (bash 5 exits so: `too many
 * arguments`); else the number modulo 256 (`exit 259` is 3, `exit -1`
 * 255). Undefined for a command not written so.
 */
export function exitStatus(command: string, before: number): number | undefined {
  const match = /^exit (\d+)(?: (.*))?$/.exec(command);
  if (!match) return undefined;
  const count = Number(match[1]);
  if (count === 0) return before;
  const number = /^[ \t]*([-+]?\d+)[ \t]*$/.exec(match[2] ?? "");
  const value = number ? BigInt(number[1]!) : undefined;
  if (value === undefined || value !== BigInt.asIntN(64, value)) return 2;
  if (count > 1) return 1;
  return Number(BigInt.asUintN(8, value));
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
