/** Where a `momoflow` task runs: its scope and working directory (the folder its runs go to). */
import { dirname } from "node:path";
import * as vscode from "vscode";
import { runsDirsOfFile } from "../run-records/file-runs-dirs";

/** Where a task runs: the workspace folder of its file (or the file's own folder outside any). */
export interface TaskPlace {
  scope: vscode.WorkspaceFolder | vscode.TaskScope.Workspace;
  /**
   * The CLI's current directory, which a relative file of a task is taken
   * from. A run's own working directory is its file's folder ({@link fileWorkdir}).
   */
  workdir: string;
}

/**
 * The working directory of the runs of a `.momoflow` file: its own folder, as
 * `momoflow run <file>` takes it (see `runWorkdir`); its runs are in
 * `.momoflow/runs` there.
 */
export function fileWorkdir(file: vscode.Uri): string {
  return dirname(file.fsPath);
}

/**
 * The runs folders of a `.momoflow` file, its own first: its folder's and,
 * for a file in a sub-folder, its workspace folder's (see `runsDirsOfFile`).
 */
export function fileRunsDirs(file: vscode.Uri): string[] {
  return runsDirsOfFile(file.fsPath, vscode.workspace.getWorkspaceFolder(file)?.uri.fsPath);
}

/** Where a file's tasks run: its workspace folder (or its own folder, outside any). */
export function taskPlaceOf(file: vscode.Uri): TaskPlace {
  const folder = vscode.workspace.getWorkspaceFolder(file);
  return folder
    ? { scope: folder, workdir: folder.uri.fsPath }
    : { scope: vscode.TaskScope.Workspace, workdir: dirname(file.fsPath) };
}

/**
 * The working directory of a task: the workspace folder its scope names
 * (tasks.json tasks have their folder), else the folder its process was
 * given (a file outside every folder runs in its own folder, see
 * {@link taskPlaceOf}); undefined when neither says.
 */
export function taskWorkdir(task: vscode.Task): string | undefined {
  if (typeof task.scope === "object") return task.scope.uri.fsPath;
  // A process or shell execution has options; a custom execution has none.
  const options = (task.execution as { options?: { cwd?: unknown } } | undefined)?.options;
  return typeof options?.cwd === "string" ? options.cwd : undefined;
}
