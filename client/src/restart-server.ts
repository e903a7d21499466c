import * as vscode from "vscode";
import type { LanguageClientHost } from "./language-client";
import { RESTART_SERVER_COMMAND } from "./commands";

/** `momoflow: Restart Language Server`. */
export function registerRestartServer(
  context: vscode.ExtensionContext,
  host: LanguageClientHost,
): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(RESTART_SERVER_COMMAND, () =>
      vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Window,
          title: "Restarting the momoflow language server",
        },
        () => host.restart(),
      ),
    ),
  );
}
