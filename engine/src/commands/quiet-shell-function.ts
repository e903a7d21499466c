/**
 * The start and the end of a shell function of momoflow's that stands in
 * for a bash builtin (`trap`, `exit`) in a script: under `set -x` bash
 * traces the script's call of it (`+ exit 3`), as it traces the builtin,
 * but none of the function's own commands, which the script never wrote.
 */

/**
 * Declares the function's local variables `locals` (`name=value …`, their
 * values read first: `$?` is still the status before the call), then turns
 * tracing off for the rest of the function, keeping whether it was on;
 * neither is traced.
 */
export function quietStart(locals = ""): string {
  const declared = locals === "" ? "" : `${locals} `;
  return `{ local ${declared}__momoflow_x=\${-//[^x]/}; set +x; } 2>/dev/null; `;
}

/** Turns tracing back on when it was, and returns `status` (a shell word), neither traced. */
export function quietReturn(status: string): string {
  return `{ [ -z "$__momoflow_x" ] || set -x; return ${status}; } 2>/dev/null`;
}

/**
 * Put before such a function's definition: in POSIX mode (`POSIXLY_CORRECT`
 * in the environment) bash refuses a function named as a special builtin,
 * and the refusal stops the script before its first line; then none is
 * defined, and the script runs as without it.
 */
export const UNLESS_POSIX = "shopt -oq posix || ";
