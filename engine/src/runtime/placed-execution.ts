import { statSync } from "node:fs";
import type { CommandInvocation } from "../commands/command";
import type { StepExecution } from "./step";

/**
 * An execution of a step that runs in a folder and an environment of its
 * own (`workdir:`, `env:`): the same attempt — what it remembers, reports and
 * prints goes to the attempt it wraps — with another working directory and
 * environment, which shell actions, built-ins and `js()` functions read.
 */
export function placedExecution(
  inner: StepExecution,
  workingDirectory: string,
  env: Record<string, string | undefined>,
): StepExecution {
  return Object.assign(placedInvocation(inner, workingDirectory, env), {
    stepId: inner.stepId,
    attempt: inner.attempt,
  });
}

/**
 * {@link placedExecution} for a command's invocation (an undo from the run
 * record). Optional members stay absent where the wrapped one lacks them.
 */
export function placedInvocation(
  inner: CommandInvocation,
  workingDirectory: string,
  env: Record<string, string | undefined>,
): CommandInvocation {
  const placed: CommandInvocation = {
    signal: inner.signal,
    workingDirectory,
    env,
    // Getters: an attempt builds its logger and backup path only when asked.
    get backupDir() {
      return inner.backupDir;
    },
    get logger() {
      return inner.logger;
    },
    remember: (data) => inner.remember(data),
    reportChildMetrics: (metrics) => inner.reportChildMetrics(metrics),
    ...(inner.force !== undefined && { force: inner.force }),
  };
  const writeOutput = inner.writeOutput;
  if (writeOutput) placed.writeOutput = (stream, text) => writeOutput.call(inner, stream, text);
  const reportProcess = inner.reportProcess;
  if (reportProcess) placed.reportProcess = (pid) => reportProcess.call(inner, pid);
  const reportNeverStarted = inner.reportNeverStarted;
  if (reportNeverStarted) placed.reportNeverStarted = () => reportNeverStarted.call(inner);
  const reportFoundUndone = inner.reportFoundUndone;
  if (reportFoundUndone)
    placed.reportFoundUndone = (workers) => reportFoundUndone.call(inner, workers);
  const hideInMessage = inner.hideInMessage;
  if (hideInMessage) placed.hideInMessage = (text) => hideInMessage.call(inner, text);
  return placed;
}

/**
 * Checks that a step's folder exists before anything runs in it: a missing
 * one is the step's failure (or its undo's), never created silently.
 *
 * @param owner names the step, for the message: `step "build"`.
 * @param written the folder as the workflow wrote it.
 * @throws Error naming the step, the folder as written and where it was looked for.
 */
export function requireFolder(owner: string, written: string, folder: string): void {
  let stats;
  try {
    stats = statSync(folder);
  } catch {
    throw new Error(`${owner}: its workdir "${written}" does not exist (${folder})`);
  }
  if (!stats.isDirectory())
    throw new Error(`${owner}: its workdir "${written}" is not a folder (${folder})`);
}
