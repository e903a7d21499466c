import * as vscode from "vscode";
import { stepLogFile } from "./step-log-file";

/**
 * Opens a step's log in an editor (a preview, beside nothing: the log is
 * read, not edited); says so when the step has none.
 */
export async function openStepLog(
  runDir: unknown,
  stepId: unknown,
): Promise<vscode.TextEditor | undefined> {
  if (typeof runDir !== "string" || typeof stepId !== "string") {
    void vscode.window.showWarningMessage("Open log: which run and step? (run dir, step id)");
    return undefined;
  }
  const file = stepLogFile(runDir, stepId);
  if (!file) {
    void vscode.window.showInformationMessage(
      `Step "${stepId}" has no log in that run: it printed nothing, or the record was removed.`,
    );
    return undefined;
  }
  return vscode.window.showTextDocument(vscode.Uri.file(file), { preview: true });
}
