/**
 * Keeping a task's arguments from VS Code's variable substitution. No
 * `vscode` import here.
 *
 * VS Code substitutes `${…}` in every task's command, arguments, working
 * folder and environment before it starts the process — also in tasks an
 * extension builds (`${env:HOME}`, `${file}`, `${workspaceFolder}`, and
 * `${command:ID}`, which runs a command). There is no escape for it. So a
 * file or folder named `a ${env:HOME}` was not found, and a param value typed
 * as `Hello ${file}` reached the run as the path of the active editor. What
 * the extension took from file names and input boxes must reach the CLI as
 * written: such an invocation is encoded into one environment variable
 * (base64 holds no `${`), and a few lines of Node given with `-e` decode it,
 * set the folder and environment, and load the CLI with the arguments as
 * they were.
 */
import { dirname } from "node:path";
import type { CliInvocation } from "./task-definition";

/** The environment variable that carries an encoded invocation to {@link DECODE_AND_RUN}. */
export const ENCODED_INVOCATION_VARIABLE = "MOMOFLOW_TASK_INVOCATION";

/** What the encoded variable holds: the CLI's path and arguments, its folder, its environment. */
interface EncodedInvocation {
  argv: string[];
  cwd: string;
  env: Record<string, string>;
}

/**
 * The script given to `-e`: reads the variable (and removes it, so the
 * steps' processes do not inherit it), then runs the CLI as if started with
 * `<runtime> <cli.js> <args…>` in the folder. No `${` and no double quote in
 * it (the script is itself an argument VS Code reads, and passes on every
 * platform).
 */
export const DECODE_AND_RUN = [
  `const e = process.env.${ENCODED_INVOCATION_VARIABLE};`,
  `delete process.env.${ENCODED_INVOCATION_VARIABLE};`,
  `const i = JSON.parse(Buffer.from(e, 'base64').toString('utf8'));`,
  `Object.assign(process.env, i.env);`,
  `process.chdir(i.cwd);`,
  `process.argv = [process.argv[0], ...i.argv];`,
  `require(i.argv[0]);`,
].join(" ");

/** Whether VS Code would substitute something in `text`. */
export function hasTaskVariable(text: string): boolean {
  return text.includes("${");
}

/**
 * The invocation as VS Code may be given it: unchanged when nothing in its
 * arguments, folder or environment holds `${` (the terminal then shows the
 * command as a person would type it); otherwise `<runtime> -e <script>`
 * with the arguments, the folder and the environment values that hold `${`
 * in {@link ENCODED_INVOCATION_VARIABLE}, started in the CLI's own folder.
 * Secrets stay in the environment either way, never on the command line.
 * `invocation.args[0]` is the CLI's path.
 */
export function literalInvocation(invocation: CliInvocation): CliInvocation {
  const envEntries = Object.entries(invocation.env);
  if (
    !invocation.args.some(hasTaskVariable) &&
    !hasTaskVariable(invocation.cwd) &&
    !envEntries.some(([, value]) => hasTaskVariable(value))
  )
    return invocation;
  const plainEnv: Record<string, string> = {};
  const encoded: EncodedInvocation = { argv: [...invocation.args], cwd: invocation.cwd, env: {} };
  for (const [name, value] of envEntries)
    if (hasTaskVariable(value)) encoded.env[name] = value;
    else plainEnv[name] = value;
  plainEnv[ENCODED_INVOCATION_VARIABLE] = Buffer.from(JSON.stringify(encoded), "utf8").toString(
    "base64",
  );
  return {
    command: invocation.command,
    args: ["-e", DECODE_AND_RUN],
    env: plainEnv,
    cwd: dirname(invocation.args[0] ?? invocation.cwd),
  };
}
