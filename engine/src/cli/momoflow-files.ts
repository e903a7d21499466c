import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { UsageError } from "./usage-error";

/** Whether a path names a `.momoflow` file. */
export function isMomoflowFile(path: string): boolean {
  return path.endsWith(".momoflow");
}

/** Options of {@link collectMomoflowFiles}. */
export interface CollectOptions {
  /**
   * A folder holding no `.momoflow` file is bad input (a {@link UsageError}):
   * checking or formatting nothing must not pass as done.
   */
  refuseEmptyFolders?: boolean;
}

/**
 * The `.momoflow` files named by the arguments: files as given, folders
 * searched recursively (skipping `node_modules` and dot-folders).
 */
export function collectMomoflowFiles(
  args: readonly string[],
  options: CollectOptions = {},
): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (isMomoflowFile(entry.name)) files.push(path);
    }
  };
  for (const arg of args) {
    const path = resolve(arg);
    if (!existsSync(path)) throw new UsageError(`${arg}: no such file or folder`);
    if (!statSync(path).isDirectory()) files.push(path);
    else {
      const before = files.length;
      walk(path);
      if (options.refuseEmptyFolders && files.length === before)
        throw new UsageError(
          `${arg}: no .momoflow file in this folder (its subfolders are searched, but not dot-folders or node_modules)`,
        );
    }
  }
  return files;
}
