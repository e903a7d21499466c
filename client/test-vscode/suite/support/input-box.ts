import * as vscode from "vscode";
import type { CommandOutcome } from "../../../src/run/run-controller";
import { waitFor } from "./workspace";

/**
 * Runs `command`, which is to ask in an input box, and resolves with its
 * outcome once the box is escaped: a box cannot be typed into from the
 * extension host, so it is closed until the command says what it did.
 */
export async function outcomeOfEscapedBox(
  command: string,
  args: unknown,
  what: string,
): Promise<CommandOutcome> {
  let outcome: CommandOutcome | undefined;
  const running = vscode.commands
    .executeCommand<CommandOutcome>(command, args)
    .then((o) => (outcome = o));
  await waitFor(what, async () => {
    await vscode.commands.executeCommand("workbench.action.closeQuickOpen");
    return outcome;
  });
  return running;
}

/**
 * Runs `command`, which is not to ask: were an input box to open, it would
 * wait for ever, so it is closed after 20 s, and the command then says
 * "cancelled".
 */
export async function outcomeWithoutBox(command: string, args: unknown): Promise<CommandOutcome> {
  let settled = false;
  const closeAsked = setTimeout(() => {
    if (!settled) void vscode.commands.executeCommand("workbench.action.closeQuickOpen");
  }, 20_000);
  try {
    return await vscode.commands.executeCommand<CommandOutcome>(command, args);
  } finally {
    settled = true;
    clearTimeout(closeAsked);
  }
}
