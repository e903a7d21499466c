import { statSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

/**
 * Node keeps a module it imported for as long as the process lives, under
 * its URL: a process that runs for months (a worker's step thread) would
 * run a `js()` module as it first loaded it, whatever was edited since. In
 * such a thread, the URL carries the file's version — its size and times —
 * so that a module edited since it was last imported is imported anew,
 * while an unchanged one is the copy already loaded (its module state kept).
 * Only the module itself: one it imports is Node's to keep, as loaded first.
 */
let anew = false;

/** The version each module file had when this thread last imported it, by path. */
const versions = new Map<string, string>();

/** From now on, this thread imports a `js()` module anew once its file has changed (see {@link moduleFileUrl}). */
export function importEditedModulesAnew(): void {
  anew = true;
}

/**
 * The URL to `import()` the `js()` module at the absolute path `file` by:
 * its file URL, with its version as the query in a thread that imports
 * edited modules anew (see {@link importEditedModulesAnew}). A file that
 * cannot be read gets no version: its import fails, saying why.
 */
export function moduleFileUrl(file: string): string {
  const url = pathToFileURL(file);
  if (!anew) return url.href;
  let version: string;
  try {
    const stat = statSync(file);
    version = `${stat.size}-${stat.mtimeMs}-${stat.ctimeMs}`;
  } catch {
    return url.href;
  }
  const known = versions.get(file);
  if (known !== version) {
    // A CommonJS module is kept by path whatever the URL: its copy is dropped for the new one.
    if (known !== undefined) delete createRequire(file).cache[file];
    versions.set(file, version);
  }
  url.search = `momoflow-version=${version}`;
  return url.href;
}
