import { accessSync, constants, statSync } from "node:fs";
import { delimiter, join } from "node:path";

/**
 * The shells a shell action can run under (`shell:` in a workflow or step,
 * `sh(shell:)`): `auto` is bash when found on PATH, else sh.
 */
export const SHELL_NAMES = ["auto", "bash", "sh"] as const;

/** One of {@link SHELL_NAMES}. */
export type ShellName = (typeof SHELL_NAMES)[number];

/** The shell when none is chosen. */
export const DEFAULT_SHELL: ShellName = "auto";

/** Whether `value` names one of the {@link SHELL_NAMES}. */
export function isShellName(value: unknown): value is ShellName {
  return typeof value === "string" && (SHELL_NAMES as readonly string[]).includes(value);
}

/** The allowed values, for messages: `"auto", "bash" or "sh"`. */
export function shellNamesText(): string {
  const quoted = SHELL_NAMES.map((name) => `"${name}"`);
  return `${quoted.slice(0, -1).join(", ")} or ${quoted.at(-1)}`;
}

// Strict as GitHub Actions runs bash (`bash -e {0}` plus pipefail), and `-u`:
// a failed command, a failed stage of a pipe or an unset variable stops the script.
const BASH_FLAGS = ["--noprofile", "--norc", "-euo", "pipefail", "-c"];
const SH_ARGV = ["/bin/sh", "-e", "-c"];

// PATH is searched once per process: a run does not change shells midway.
let bashPath: string | null | undefined;

/** The absolute path of `bash` on PATH, or null when there is none (looked up once). */
export function findBash(): string | null {
  if (bashPath === undefined) bashPath = searchPath("bash", process.env.PATH ?? "");
  return bashPath;
}

/**
 * The command line that runs a script under `shell`, without the script
 * itself (it comes last, after `-c`).
 *
 * @throws Error for an unknown shell name, or `bash` when bash is not on PATH.
 */
export function shellCommandLine(shell: ShellName = DEFAULT_SHELL): string[] {
  if (!isShellName(shell)) {
    throw new Error(`unknown shell "${String(shell)}": it must be ${shellNamesText()}`);
  }
  if (shell === "sh") return [...SH_ARGV];
  const bash = findBash();
  if (bash) return [bash, ...BASH_FLAGS];
  if (shell === "bash") {
    throw new Error('shell "bash" was chosen but no bash was found on PATH; use shell: sh');
  }
  return [...SH_ARGV];
}

function searchPath(name: string, path: string): string | null {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return null;
}
