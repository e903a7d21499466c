/**
 * Keeping momoflow's EXIT trap (see failing-line.ts) when a bash script sets
 * its own: bash has one EXIT trap a shell, and the script's `trap … EXIT`
 * would replace ours, leaving an `exit 3` or an unbound variable with no line.
 */

import { quietReturn, quietStart, UNLESS_POSIX } from "./quiet-shell-function";

/** The variable the chained trap keeps the exit status in, while ours runs before the script's. */
const STATUS_VARIABLE = "__momoflow_status";

/**
 * What is put before the script's own EXIT handler: ours, given the exit
 * status by `report(status)` (a shell word), then `$?` set back to that
 * status for the script's handler — `&& :` so that errexit and the ERR
 * trap pass over it. Nothing of it prints, nor is traced under `set -x`,
 * and within a trap bash keeps `$BASH_COMMAND` the command the shell
 * stopped at, so the script's handler sees `$?`, `$BASH_COMMAND` and its
 * `$LINENO` as bash alone gives them (all of this is on the handler's
 * first line).
 */
function chainedPrefix(report: (status: string) => string): string {
  const status = `"$${STATUS_VARIABLE}"`;
  return `${CHAINED}${report(status)}; } 2>/dev/null; { (exit ${status}) && :; } 2>/dev/null; `;
}

/** How a handler chained behind ours starts: a handler that does was chained already. */
const CHAINED = `{ ${STATUS_VARIABLE}=$?; `;

/**
 * A shell function named `trap`, to be defined before the script (on its
 * first line): the script's `trap ACTION EXIT` (or `0`, any case, with
 * other signals too) sets ACTION after our report (see {@link chainedPrefix});
 * `trap - EXIT` and `trap '' EXIT` leave ours alone, as the shell began;
 * any other use, `trap -p` and `trap -l` included, is bash's own `trap`.
 * Setting again a handler `trap -p` printed does not chain it twice.
 * `report(status)` is our EXIT trap's command, given its status word
 * (`"$?"` when it is the trap alone). Under `set -x`, only the script's
 * call is traced (see quiet-shell-function.ts).
 *
 * The script sees it (`type trap`, `declare -f`), so it is defined only for
 * a script that holds the word `trap` (see {@link mayTrapExit}); `builtin
 * trap …` passes it by.
 */
export function exitTrapChainFunction(report: (status: string) => string): string {
  const alone = shellQuoted(report(`"$?"`));
  const prefix = chainedPrefix(report);
  const set = (action: string): string => `builtin trap -- ${action} EXIT || __momoflow_rc=$?;;`;
  const exitCase =
    `-|"") ${set(alone)} ` +
    `${shellQuoted(CHAINED)}*) ${set(`"$__momoflow_a"`)} ` +
    `*) ${set(`${shellQuoted(prefix)}"$__momoflow_a"`)}`;
  return (
    `${UNLESS_POSIX}trap() { ${quietStart("__momoflow_a __momoflow_s __momoflow_rc=0")}` +
    `case "\${1-}" in -l*|-p*|-P*|"") builtin trap "$@" || __momoflow_rc=$?;; *) ` +
    `if [ "$1" = "--" ]; then shift; fi; ` +
    `if [ "$#" -eq 1 ]; then __momoflow_a=-; else __momoflow_a=$1; shift; fi; ` +
    `for __momoflow_s in "$@"; do case "$__momoflow_s" in ` +
    `[Ee][Xx][Ii][Tt]|0) case "$__momoflow_a" in ${exitCase} esac;; ` +
    `*) builtin trap -- "$__momoflow_a" "$__momoflow_s" || __momoflow_rc=$?;; ` +
    `esac; done;; esac; ${quietReturn('"$__momoflow_rc"')}; }`
  );
}

/**
 * Whether `script` may set its own EXIT trap: it holds the word `trap`
 * (a comment too). A file it sources may set one without: then ours is
 * replaced, as before.
 */
export function mayTrapExit(script: string): boolean {
  return /\btrap\b/.test(script);
}

function shellQuoted(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}
