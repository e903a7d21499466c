/** Where a `momoflow` task runs: its scope and working directory (the folder its runs go to). */
import { dirname } from "node:path";
import * as vscode from "vscode";

/** Where a task runs: the workspace folder of its file (or the file's own folder outside any). */
export interface TaskPlace {
  scope: vscode.WorkspaceFolder | vscode.TaskScope.Workspace;
  /** The working directory: the CLI runs there, and the runs go to `<workdir>/.momoflow/runs`. */
  workdir: string;
}

/** The folder a file's runs belong to. */
export function taskPlaceOf(file: vscode.Uri): TaskPlace {
  const folder = vscode.workspace.getWorkspaceFolder(file);
  return folder
    ? { scope: folder, workdir: folder.uri.fsPath }
    : { scope: vscode.TaskScope.Workspace, workdir: dirname(file.fsPath) };
}

/** The workspace folder path a task's scope names (tasks.json tasks have their folder). */
export function taskWorkdir(task: vscode.Task): string | undefined {
  return typeof task.scope === "object" ? task.scope.uri.fsPath : undefined;
}
