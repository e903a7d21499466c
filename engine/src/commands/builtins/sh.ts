import type { CommandSpec } from "../command";
import { runShellAction } from "../shell-action";
import { DEFAULT_SHELL, isShellName, shellNamesText } from "../shell-choice";

/** `sh(script)`: runs a shell script, as a shell action does (the compiler quotes a string `script`'s values). */
export const shCommand: CommandSpec = {
  description: "Run a shell script",
  doc: [
    "Runs `script` in the run's working directory, standard input closed, under",
    "`shell`: `auto` (the default) is `bash --noprofile --norc -euo pipefail -O inherit_errexit -c`",
    "when bash is on PATH, else `/bin/sh -e -c`; `bash` requires bash; `sh` is",
    "`/bin/sh -e -c`. A failed command (also inside `$(...)`), a failed stage of a pipe",
    "(bash) or an unset variable (bash) stops the script. Without `shell:` here, the step's or the",
    "workflow's `shell:` applies. Exit code 0 is success; otherwise the step fails",
    "with the exit code, the last lines of standard error and, under bash, the line of",
    "a multi-line script that failed. A timeout or a cancel",
    "stops the script's whole process group.",
    "",
    "Written as a string, `script` is quoted like a shell action: each `${...}` value",
    "is shell-quoted for where it lands, and refused where no quoting keeps it literal",
    "(MF015). A value given as the whole script (`sh(script: cmd)`) runs as shell code.",
    "",
    "**Undo:** none. Give the step a `rollback` to make it reversible.",
    "",
    "**Output:** what the script wrote to the file `$MOMOFLOW_OUTPUT`, else its",
    "standard output; either without its trailing newline.",
  ].join("\n"),
  params: [
    { name: "script", type: "string", description: "The script to run.", shellScript: true },
    {
      name: "shell",
      type: "string",
      default: DEFAULT_SHELL,
      description: `The shell: ${shellNamesText()}.`,
    },
  ],
  undoDescription: "nothing: give the step a rollback",
  run(args, invocation) {
    const shell = args.shell ?? DEFAULT_SHELL;
    if (!isShellName(shell)) {
      throw new Error(`sh: shell "${String(shell)}" is not ${shellNamesText()}`);
    }
    return runShellAction(args.script as string, invocation, shell);
  },
};
