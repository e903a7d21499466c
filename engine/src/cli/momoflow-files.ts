import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { UsageError } from "./usage-error";

/** Whether a path names a `.momoflow` file. */
export function isMomoflowFile(path: string): boolean {
  return path.endsWith(".momoflow");
}

/** Whether a path names a JavaScript module, which only `run` and `rollback` take (a workflow module). */
export function isJavaScriptModule(path: string): boolean {
  return /\.(mjs|cjs|js)$/.test(path);
}

/**
 * Refuses a JavaScript module named where `.momoflow` files are read
 * (`check`, `test`, `graph`, `fmt`): read as one, a workflow module gave a
 * screen of syntax errors. It is not loaded: its code would run as it loads.
 * @param arg the path as the user gave it, for the message.
 */
export function refuseJavaScriptModule(arg: string): void {
  if (!isJavaScriptModule(arg)) return;
  throw new UsageError(
    `${arg}: a JavaScript module, not a .momoflow file: only momoflow run and momoflow rollback take a workflow module`,
  );
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
 * searched recursively (skipping `node_modules` and dot-folders). A file
 * named twice (directly and through its folder, as `a` and `./a`) is listed
 * once, where first named: it would be checked, and its tests run, twice.
 */
export function collectMomoflowFiles(
  args: readonly string[],
  options: CollectOptions = {},
): string[] {
  const files: string[] = [];
  const seen = new Set<string>();
  /** `.momoflow` files found in folders, also those named before. */
  let found = 0;
  const add = (path: string): void => {
    if (seen.has(path)) return;
    seen.add(path);
    files.push(path);
  };
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (isMomoflowFile(entry.name)) {
        found++;
        add(path);
      }
    }
  };
  for (const arg of args) {
    const path = resolve(arg);
    if (!existsSync(path)) throw new UsageError(`${arg}: no such file or folder`);
    if (!statSync(path).isDirectory()) {
      refuseJavaScriptModule(arg);
      add(path);
    } else {
      const before = found;
      walk(path);
      if (options.refuseEmptyFolders && found === before)
        throw new UsageError(
          `${arg}: no .momoflow file in this folder (its subfolders are searched, but not dot-folders or node_modules)`,
        );
    }
  }
  return files;
}
