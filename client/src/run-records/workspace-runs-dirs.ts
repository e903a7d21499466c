/** The runs folders of the workspace: where every run of its files may be recorded. */
import { dirname } from "node:path";
import * as vscode from "vscode";
import { runsDirFor } from "./run-history";

/** At most this many runs folders are looked in. */
const MAX_RUNS_DIRS = 200;

/**
 * The runs folders of the workspace: each workspace folder's, and those
 * beside its files in sub-folders (a file's runs are in its own folder, see
 * `runWorkdir`), found by their `latest` file.
 */
export async function workspaceRunsDirs(): Promise<string[]> {
  const dirs = new Set<string>();
  for (const folder of vscode.workspace.workspaceFolders ?? [])
    dirs.add(runsDirFor(folder.uri.fsPath));
  const latest = await vscode.workspace.findFiles(
    "**/.momoflow/runs/latest",
    "**/node_modules/**",
    MAX_RUNS_DIRS,
  );
  for (const uri of latest) dirs.add(dirname(uri.fsPath));
  return [...dirs];
}
