/**
 * The words other tools and languages run a shell command with (`bash -c`,
 * Python's `subprocess`/`os.system`, Groovy's `sh`, Ansible's `shell` and
 * `command`): `run: bash("make")` or `run: sh "make"` is a shell action
 * written as a call. momoflow's shell action is the string itself.
 */
export const SHELL_CALL_WORDS: ReadonlySet<string> = new Set([
  "bash",
  "sh",
  "zsh",
  "shell",
  "exec",
  "execute",
  "cmd",
  "command",
  "system",
  "subprocess",
  "powershell",
  "pwsh",
  "script",
  "run",
]);

/** What a message says a shell action is, with the string written as `string`. */
export function shellActionAdvice(property: string, string: string): string {
  // A `"""` script is shown by its quotes alone: the message is one line.
  const shown = string.startsWith('"""') ? '"""…"""' : string;
  return `a shell action is the string itself: \`${property}: ${shown}\` (or the built-in \`sh(script: ${shown})\`)`;
}
