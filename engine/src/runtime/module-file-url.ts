import { pathToFileURL } from "node:url";
import { importFile } from "./import-file";
import { registerModuleTreeHooks } from "./module-tree-hooks";
import { ModuleTrees } from "./module-trees";
import { reapingTurn } from "./reaping-turn";

/**
 * Node keeps a module it imported for as long as the process lives, under
 * its URL: a process that runs for months (a worker's step thread) would
 * run a `js()` module as it first loaded it, whatever was edited since. In
 * such a thread, a module whose tree — itself, or a module it imports by a
 * path — was edited since it was last imported is imported anew, while an
 * unchanged one is the copy already loaded (its module state kept): see
 * `module-trees`.
 */
let anew = false;

/** The trees, once a first `js()` module is imported: their loader hooks start a thread of Node's. */
let trees: ModuleTrees | undefined;

/** From now on, this thread imports a `js()` module anew once a file of its tree has changed (see {@link moduleFileUrl}). */
export function importEditedModulesAnew(): void {
  anew = true;
}

/**
 * The URL to `import()` the `js()` module at the absolute path `file` by:
 * its file URL, naming the tree it is imported for in a thread that imports
 * edited modules anew (see {@link importEditedModulesAnew}).
 */
export function moduleFileUrl(file: string): string {
  if (!anew) return pathToFileURL(file).href;
  trees ??= new ModuleTrees(registerModuleTreeHooks());
  return trees.urlOf(file);
}

/**
 * Imports the `js()` module at the absolute path `file` (see
 * {@link moduleFileUrl}). Node keeps a failed import too (a helper not
 * there yet, a syntax error) and fails each import of that URL the same
 * way: in a thread that imports edited modules anew, the next import of a
 * module that failed is a new tree, which sees what was put right since.
 * @throws what the import threw.
 */
export async function importModuleFile(file: string): Promise<Record<string, unknown>> {
  let module: Record<string, unknown>;
  try {
    module = (await importFile(moduleFileUrl(file))) as Record<string, unknown>;
  } catch (error) {
    trees?.forget(file);
    throw error;
  }
  // Its function is called next: from a timer, in a worker's step thread.
  await reapingTurn();
  return module;
}
