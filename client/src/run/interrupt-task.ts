/**
 * Stopping a running momoflow task as a user stops it: Ctrl+C in its
 * terminal. The CLI then cancels the run, rolls back and writes its report
 * in the terminal, which stays. Terminating the task instead closed the
 * terminal with the report in it, and VS Code ended the process only after
 * its shutdown grace (a SIGHUP some 5 s later): the Stop seemed to do nothing.
 */
import * as vscode from "vscode";

/** What the terminal receives for Ctrl+C (ETX): the interrupt of its foreground process. */
const CTRL_C = "\u0003";

/**
 * Sends Ctrl+C to the terminal of the task whose process is `processId`; a
 * task whose terminal is not found (its process not started yet) is
 * terminated.
 */
export async function interruptTask(
  execution: vscode.TaskExecution,
  processId: number | undefined,
): Promise<void> {
  const terminal = processId === undefined ? undefined : await terminalOf(processId);
  if (terminal) terminal.sendText(CTRL_C, false);
  else execution.terminate();
}

/** The open terminal whose process is `processId`. */
async function terminalOf(processId: number): Promise<vscode.Terminal | undefined> {
  const terminals = vscode.window.terminals;
  const ids = await Promise.all(terminals.map((t) => t.processId));
  return terminals[ids.indexOf(processId)];
}
