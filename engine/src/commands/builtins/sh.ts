import type { CommandSpec } from "../command";
import { runShellAction } from "../shell-action";

/** `sh(script)`: runs a shell script, as a shell action does (the compiler quotes a string `script`'s values). */
export const shCommand: CommandSpec = {
  description: "Run a shell script",
  doc: [
    "Runs `script` with `/bin/sh -c` in the run's working directory, standard input",
    "closed. Exit code 0 is success; otherwise the step fails with the exit code and",
    "the last lines of standard error. A timeout or a cancel stops the script's whole",
    "process group.",
    "",
    "Written as a string, `script` is quoted like a shell action: each `${...}` value",
    "is shell-quoted for where it lands, and refused where no quoting keeps it literal",
    "(MF015). A value given as the whole script (`sh(script: cmd)`) runs as shell code.",
    "",
    "**Undo:** none. Give the step a `rollback` to make it reversible.",
    "",
    "**Output:** standard output without its trailing newline.",
  ].join("\n"),
  params: [{ name: "script", type: "string", description: "The script to run." }],
  undoDescription: "nothing: give the step a rollback",
  run(args, invocation) {
    return runShellAction(args.script as string, invocation);
  },
};
