/**
 * Which runtime runs the bundled CLI — for tasks, tests and the webview alike.
 * No `vscode` import here.
 */

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
