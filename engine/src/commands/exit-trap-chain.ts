/**
 * Keeping momoflow's EXIT trap (see failing-line.ts) when a bash script sets
 * its own: bash has one EXIT trap a shell, and the script's `trap … EXIT`
 * would replace ours, leaving an `exit 3` or an unbound variable with no line.
 */

/** The variable the chained trap keeps the exit status in, while ours runs before the script's. */
const STATUS_VARIABLE = "__momoflow_status";

/**
 * What is put before the script's own EXIT handler: ours, given the exit
 * status by `report(status)` (a shell word), then `$?` set back to that
 * status for the script's handler — `&& :` so that errexit and the ERR
 * trap pass over it. Nothing of it prints, and within a trap bash keeps
 * `$BASH_COMMAND` the command the shell stopped at, so the script's
 * handler sees `$?`, `$BASH_COMMAND` and its `$LINENO` as bash alone gives
 * them (all of this is on the handler's first line).
 */
function chainedPrefix(report: (status: string) => string): string {
  const status = `"$${STATUS_VARIABLE}"`;
  return `${STATUS_VARIABLE}=$?; ${report(status)}; (exit ${status}) && :; `;
}

/**
 * A shell function named `trap`, to be defined before the script (on its
 * first line): the script's `trap ACTION EXIT` (or `0`, any case, with
 * other signals too) sets ACTION after our report (see {@link chainedPrefix});
 * `trap - EXIT` and `trap '' EXIT` leave ours alone, as the shell began;
 * any other use, `trap -p` and `trap -l` included, is bash's own `trap`.
 * Setting again a handler `trap -p` printed does not chain it twice.
 * `report(status)` is our EXIT trap's command, given its status word
 * (`"$?"` when it is the trap alone).
 *
 * The script sees it (`type trap`, `declare -f`), so it is defined only for
 * a script that holds the word `trap` (see {@link mayTrapExit}); `builtin
 * trap …` passes it by.
 */
export function exitTrapChainFunction(report: (status: string) => string): string {
  const alone = shellQuoted(report(`"$?"`));
  const prefix = chainedPrefix(report);
  const exitCase =
    `-|"") builtin trap -- ${alone} EXIT || __momoflow_rc=$?;; ` +
    `${shellQuoted(`${STATUS_VARIABLE}=$?; `)}*) builtin trap -- "$__momoflow_a" EXIT || __momoflow_rc=$?;; ` +
    `*) builtin trap -- ${shellQuoted(prefix)}"$__momoflow_a" EXIT || __momoflow_rc=$?;;`;
  return (
    `trap() { case "\${1-}" in -l*|-p*|-P*|"") builtin trap "$@"; return;; esac; ` +
    `local __momoflow_a __momoflow_s __momoflow_rc=0; ` +
    `if [ "$1" = "--" ]; then shift; fi; ` +
    `if [ "$#" -eq 1 ]; then __momoflow_a=-; else __momoflow_a=$1; shift; fi; ` +
    `for __momoflow_s in "$@"; do case "$__momoflow_s" in ` +
    `[Ee][Xx][Ii][Tt]|0) case "$__momoflow_a" in ${exitCase} esac;; ` +
    `*) builtin trap -- "$__momoflow_a" "$__momoflow_s" || __momoflow_rc=$?;; ` +
    `esac; done; return "$__momoflow_rc"; }`
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
