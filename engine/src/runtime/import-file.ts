/**
 * `import()` of a user's JavaScript file (a `js()` action, a workflow module).
 * The CLI runs its bundle from V8's code cache (cli/code-cache.ts), and
 * Node 20 cannot serve an `import()` of code read from one ("A dynamic import
 * callback was not specified"): the CLI's loader, which Node loads as any
 * module, then installs its own `import()` here for the bundle to use.
 */
import { ignoreSecondRejection } from "./stray-errors";

const IMPORTER = Symbol.for("momoflow.importFile");

type Importer = (url: string) => Promise<unknown>;

/** Imports the module at the file URL `url`; its failure is the caller's to handle. */
export function importFile(url: string): Promise<unknown> {
  const installed = (globalThis as { [IMPORTER]?: Importer })[IMPORTER];
  return (installed ? installed(url) : import(url)).catch((error: unknown) => {
    // Node 20 may reject it a second time, unhandled, where no code can reach it.
    ignoreSecondRejection(error);
    throw error;
  });
}

/** Makes {@link importFile} go through `importer`, for code whose own `import()` cannot work. */
export function installFileImporter(importer: Importer): void {
  (globalThis as { [IMPORTER]?: Importer })[IMPORTER] = importer;
}
