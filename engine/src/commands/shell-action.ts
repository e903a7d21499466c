import type { CommandInvocation } from "./command";
import type { ShellName } from "./shell-choice";
import { runShell, ShellError } from "./shell-process";

/** Said of an output that was not UTF-8: what reads it gets other text, which an undo may act on. */
const NOT_UTF8_OUTPUT =
  "its output is not UTF-8 text: the bytes that are not were read as U+FFFD (�), so a later step or its rollback that reads this output gets other text than the step printed";

/**
 * Runs a finished script (values already interpolated) as a command: in the
 * invocation's working directory, environment and abort signal, reporting the
 * child's CPU and memory to the invocation, also when the script fails, and
 * its process group as soon as it started. `shell` chooses the shell (default
 * `auto`: strict bash when found, else `sh -e`).
 *
 * @returns what the script wrote to `$MOMOFLOW_OUTPUT`, else its standard
 *   output; either without its trailing newline.
 * @throws ShellError as {@link runShell} does.
 */
export async function runShellAction(
  script: string,
  invocation: CommandInvocation,
  shell?: ShellName,
): Promise<string> {
  try {
    const result = await runShell(script, {
      cwd: invocation.workingDirectory,
      env: invocation.env,
      ...(shell !== undefined && { shell }),
      signal: invocation.signal,
      logger: invocation.logger,
      onSpawn: invocation.reportProcess && ((pid) => invocation.reportProcess!(pid)),
      hide: invocation.hideInMessage && ((text) => invocation.hideInMessage!(text)),
      ...(invocation.writeOutput && {
        onStdout: (text: string) => invocation.writeOutput!("stdout", text),
        onStderr: (text: string) => invocation.writeOutput!("stderr", text),
      }),
    });
    if (Object.keys(result.childMetrics).length) invocation.reportChildMetrics(result.childMetrics);
    if (result.outputNotUtf8) invocation.logger.warn(NOT_UTF8_OUTPUT);
    return result.output;
  } catch (error) {
    if (error instanceof ShellError && Object.keys(error.childMetrics).length) {
      invocation.reportChildMetrics(error.childMetrics);
    }
    throw error;
  }
}
