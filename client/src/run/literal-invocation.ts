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
 *
 * The CLI's own path (inside the extension's install folder) and the
 * `momoflow.runtime` setting are kept from it too: they are paths, taken as
 * written by the Testing panel and the metrics view, which start the CLI
 * without VS Code. A runtime path holding `${` cannot be the task's command:
 * VS Code's own runtime, as Node, runs the script then, which starts that
 * runtime on the CLI and ends as it ends.
 */
import { tmpdir } from "node:os";
import { dirname, parse } from "node:path";
import type { CliInvocation } from "./task-definition";

/** The environment variable that carries an encoded invocation to {@link DECODE_AND_RUN}. */
export const ENCODED_INVOCATION_VARIABLE = "MOMOFLOW_TASK_INVOCATION";

/** What the encoded variable holds: the CLI's path and arguments, its folder, its environment. */
interface EncodedInvocation {
  /** The CLI's path, then the arguments the script was not given after `--`. */
  argv: string[];
  /** The folder to start in; absent: the task's own (a tasks.json task's, substituted). */
  cwd?: string;
  env: Record<string, string>;
  /** The runtime to start the CLI with, when it is not the one running the script. */
  runtime?: string;
}

/**
 * The script given to `-e`: reads the variable (and removes it, so the
 * steps' processes do not inherit it), then runs the CLI as if started with
 * `<runtime> <cli.js> <args…>` in the folder — the encoded arguments, then
 * those given after `--`. Given a runtime of its own, it starts that runtime
 * on the CLI instead, without the variable that made VS Code's runtime a
 * Node, and ends as it ends: a Ctrl+C in the terminal reaches both, so the
 * script ignores it; a terminate is passed on. No `${` and no double quote
 * in it (the script is itself an argument VS Code reads, and passes on every
 * platform).
 */
export const DECODE_AND_RUN = [
  `const e = process.env.${ENCODED_INVOCATION_VARIABLE};`,
  `delete process.env.${ENCODED_INVOCATION_VARIABLE};`,
  `const i = JSON.parse(Buffer.from(e, 'base64').toString('utf8'));`,
  `Object.assign(process.env, i.env);`,
  `if (i.cwd !== undefined) process.chdir(i.cwd);`,
  `const a = [...i.argv, ...process.argv.slice(1)];`,
  `if (i.runtime === undefined) { process.argv = [process.argv[0], ...a]; require(a[0]); } else {`,
  `delete process.env.ELECTRON_RUN_AS_NODE;`,
  `const c = require('child_process').spawn(i.runtime, a, { stdio: 'inherit' });`,
  `process.on('SIGINT', () => {});`,
  `for (const s of ['SIGTERM', 'SIGHUP']) process.on(s, () => c.kill(s));`,
  `c.on('error', (x) => { console.error('momoflow: cannot start the runtime ' + i.runtime + ': ' + x.message); process.exit(127); });`,
  `c.on('exit', (code, s) => { if (s) { process.removeAllListeners(s); process.kill(process.pid, s); } else process.exit(code); }); }`,
].join(" ");

/** Whether VS Code would substitute something in `text`. */
export function hasTaskVariable(text: string): boolean {
  return text.includes("${");
}

/** How {@link literalInvocation} keeps an invocation from substitution. */
export interface LiteralOptions {
  /**
   * Runs the script when the invocation's own command (the runtime setting)
   * holds `${`: VS Code's runtime as Node (its path, and the environment that
   * makes it one). Without it such a command is left as it is.
   */
  launcher?: { command: string; env: Record<string, string> };
  /**
   * A task written in tasks.json: only the CLI's path and the runtime are
   * kept from substitution; its arguments, folder and environment are
   * substituted, as its author meant.
   */
  authored?: boolean;
}

/**
 * The invocation as VS Code may be given it: unchanged when nothing that
 * must reach the CLI as written holds `${` (the terminal then shows the
 * command as a person would type it); otherwise `<runtime> -e <script>`
 * with what holds `${` in {@link ENCODED_INVOCATION_VARIABLE}, started in
 * a folder whose path holds none (the script moves to the task's). Secrets
 * stay in the environment either way, never on the command line.
 * `invocation.args[0]` is the CLI's path.
 */
export function literalInvocation(
  invocation: CliInvocation,
  options: LiteralOptions = {},
): CliInvocation {
  const [cliPath = "", ...rest] = invocation.args;
  const envEntries = Object.entries(invocation.env);
  const authored = options.authored === true;
  const literal = authored
    ? [invocation.command, cliPath]
    : [invocation.command, ...invocation.args, invocation.cwd, ...envEntries.map(([, v]) => v)];
  if (!literal.some(hasTaskVariable)) return invocation;
  const launcher = hasTaskVariable(invocation.command) ? options.launcher : undefined;
  if (hasTaskVariable(invocation.command) && (!launcher || hasTaskVariable(launcher.command)))
    return invocation; // nothing without `${` could start the script
  const plainEnv: Record<string, string> = { ...(launcher?.env ?? {}) };
  const encoded: EncodedInvocation = { argv: authored ? [cliPath] : [...invocation.args], env: {} };
  if (!authored) encoded.cwd = invocation.cwd;
  if (launcher) encoded.runtime = invocation.command;
  for (const [name, value] of envEntries)
    if (!authored && hasTaskVariable(value)) encoded.env[name] = value;
    else plainEnv[name] = value;
  plainEnv[ENCODED_INVOCATION_VARIABLE] = Buffer.from(JSON.stringify(encoded), "utf8").toString(
    "base64",
  );
  return {
    command: launcher?.command ?? invocation.command,
    args: ["-e", DECODE_AND_RUN, ...(authored ? ["--", ...rest] : [])],
    env: plainEnv,
    cwd: authored ? invocation.cwd : folderWithoutVariables(cliPath),
  };
}

/** A folder to start the script in whose path VS Code leaves alone: the CLI's, the temp folder, or a root. */
function folderWithoutVariables(cliPath: string): string {
  const candidates = [dirname(cliPath), tmpdir(), parse(cliPath).root || parse(tmpdir()).root];
  return candidates.find((folder) => folder !== "" && !hasTaskVariable(folder)) ?? "/";
}
