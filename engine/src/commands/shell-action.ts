import type { CommandInvocation } from "./command";
import { runShell, ShellError } from "./shell-process";

/**
 * Runs a finished script (values already interpolated) as a command: in the
 * invocation's working directory, environment and abort signal, reporting the
 * child's CPU and memory to the invocation, also when the script fails, and
 * its process group as soon as it started.
 *
 * @returns standard output without its trailing newline.
 * @throws ShellError as {@link runShell} does.
 */
export async function runShellAction(
  script: string,
  invocation: CommandInvocation,
): Promise<string> {
  try {
    const result = await runShell(script, {
      cwd: invocation.workingDirectory,
      env: invocation.env,
      signal: invocation.signal,
      logger: invocation.logger,
      onSpawn: invocation.reportProcess && ((pid) => invocation.reportProcess!(pid)),
    });
    if (Object.keys(result.childMetrics).length) invocation.reportChildMetrics(result.childMetrics);
    return result.output;
  } catch (error) {
    if (error instanceof ShellError && Object.keys(error.childMetrics).length) {
      invocation.reportChildMetrics(error.childMetrics);
    }
    throw error;
  }
}
