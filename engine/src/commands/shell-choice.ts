import { spawnSync } from "node:child_process";
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
const BASH_FLAGS = ["--noprofile", "--norc", "-euo", "pipefail"];
// Without it bash (unlike sh) lets `$(...)` go on past a failed command:
// `v=$(cat missing; echo x)` would not stop the script. Bash 4.4 and later.
const INHERIT_ERREXIT = ["-O", "inherit_errexit"];
const SH_ARGV = ["/bin/sh", "-e", "-c"];

// PATH is searched once per process: a run does not change shells midway.
let bashPath: string | null | undefined;
let bashArgv: string[] | undefined;

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
  if (bash) return [...strictBash(bash)];
  if (shell === "bash") {
    throw new Error('shell "bash" was chosen but no bash was found on PATH; use shell: sh');
  }
  return [...SH_ARGV];
}

/** Whether a command line of {@link shellCommandLine} runs bash (which has an ERR trap). */
export function runsBash(commandLine: readonly string[]): boolean {
  return bashArgv !== undefined && commandLine[0] === bashArgv[0];
}

/** The strict bash command line up to `-c`, asked of `bash` once per process. */
function strictBash(bash: string): string[] {
  if (bashArgv === undefined) {
    // An older bash (macOS's 3.2) refuses the option: it is left out there.
    const probe = spawnSync(bash, [...BASH_FLAGS, ...INHERIT_ERREXIT, "-c", ":"], {
      stdio: "ignore",
    });
    const inherits = probe.status === 0 ? INHERIT_ERREXIT : [];
    bashArgv = [bash, ...BASH_FLAGS, ...inherits, "-c"];
  }
  return bashArgv;
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
