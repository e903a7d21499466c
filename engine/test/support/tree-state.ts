import { statSync } from "node:fs";
import { join } from "node:path";
import { treeSnapshot } from "../commands/tree-snapshot";

/**
 * `treeSnapshot` with each folder's mode too (`dir 700`): a restore that
 * puts a folder back with other permissions has not restored it. The run
 * record (`.momoflow`) is left out.
 */
export function treeState(root: string): Record<string, string> {
  const state = treeSnapshot(root);
  for (const [path, entry] of Object.entries(state)) {
    if (entry === "dir")
      state[path] = `dir ${(statSync(join(root, path)).mode & 0o777).toString(8)}`;
  }
  return state;
}
