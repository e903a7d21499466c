/**
 * Where the runs of a `.momoflow` file may be recorded: its own folder's
 * `.momoflow/runs` (where `momoflow run <file>` records them now), and its
 * workspace folder's (where versions that ran every file from the workspace
 * root recorded them). Pure Node, so it is tested without VS Code.
 */
import { dirname, resolve } from "node:path";
import { runsDirFor } from "./run-history";

/**
 * The runs folders of `file`, its own first, without duplicates: its own
 * folder's and, when the file is in a sub-folder of `workspaceFolder`, that
 * folder's (older versions recorded every file's runs at the workspace root).
 */
export function runsDirsOfFile(file: string, workspaceFolder: string | undefined): string[] {
  const own = resolve(runsDirFor(dirname(file)));
  if (workspaceFolder === undefined) return [own];
  const root = resolve(runsDirFor(workspaceFolder));
  return root === own ? [own] : [own, root];
}
