/**
 * Which runtime runs the bundled CLI — for tasks, tests and the webview alike.
 * No `vscode` import here.
 */
import { statSync } from "node:fs";
import { isAbsolute } from "node:path";

/** How to run the CLI: a Node runtime and its environment. */
export interface CliRuntime {
  /** The executable: VS Code's own (`process.execPath`) or a configured Node. */
  readonly command: string;
  /** The environment, with `ELECTRON_RUN_AS_NODE=1` when the runtime is VS Code's. */
  readonly env: NodeJS.ProcessEnv;
}

/** The bundled CLI and the runtime that runs it. */
export interface BundledCli {
  readonly runtime: CliRuntime;
  /** The bundled `dist/cli.js`. */
  readonly cliPath: string;
}

/**
 * The runtime for the CLI: the `momoflow.runtime` setting when it names a
 * Node executable, otherwise VS Code's own (`execPath`) run as Node with
 * `ELECTRON_RUN_AS_NODE=1`, so users need no Node install.
 */
export function cliRuntime(
  execPath: string,
  runtimeSetting: string | undefined,
  env: NodeJS.ProcessEnv,
): CliRuntime {
  const runtime = runtimeSetting?.trim();
  if (runtime) return { command: runtime, env: { ...env } };
  return { command: execPath, env: { ...env, ELECTRON_RUN_AS_NODE: "1" } };
}

/**
 * What is wrong with the `momoflow.runtime` setting, in words that name it,
 * or undefined: an absolute path that names nothing, or a folder. (A bare
 * name such as `node` is looked for on the PATH when it starts.) Without
 * this, a run's task could not start its process and the run was reported
 * failed, a test errored with `spawn … ENOENT`, the graph said the same.
 */
export function runtimeSettingProblem(runtimeSetting: string | undefined): string | undefined {
  const runtime = runtimeSetting?.trim();
  if (!runtime || !isAbsolute(runtime)) return undefined;
  const stat = statSync(runtime, { throwIfNoEntry: false });
  const what = !stat ? "which does not exist" : stat.isDirectory() ? "a folder" : undefined;
  if (what === undefined) return undefined;
  return `The setting momoflow.runtime names ${runtime}, ${what}: set it to a Node.js executable (20.19 or later), or leave it empty to use VS Code's own.`;
}
