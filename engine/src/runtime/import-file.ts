/**
 * `import()` of a user's JavaScript file (a `js()` action, a workflow module).
 * The CLI runs its bundle from V8's code cache (cli/code-cache.ts), and
 * Node 20 cannot serve an `import()` of code read from one ("A dynamic import
 * callback was not specified"): the CLI's loader, which Node loads as any
 * module, then installs its own `import()` here for the bundle to use.
 */
const IMPORTER = Symbol.for("momoflow.importFile");

type Importer = (url: string) => Promise<unknown>;

/** Imports the module at the file URL `url`; its failure is the caller's to handle. */
export function importFile(url: string): Promise<unknown> {
  const installed = (globalThis as { [IMPORTER]?: Importer })[IMPORTER];
  return (installed ? installed(url) : import(url)).catch((error: unknown) => {
    ownFailure(error);
    throw error;
  });
}

/** The errors an {@link importFile} gave its caller: Node may reject them a second time. */
const failures = new WeakSet<object>();

/**
 * Keeps the process alive when Node rejects, a second time, an error an
 * import already gave its caller: Node 20's ES module importing CommonJS that
 * does not parse rejects an internal promise no code can reach with the same
 * error, and that unhandled rejection ended the process (a run mid-way)
 * although the step had caught it. Any other unhandled rejection is thrown
 * as Node would, unless the process has listeners of its own to handle it.
 */
function ownFailure(error: unknown): void {
  if (typeof error !== "object" || error === null) return;
  failures.add(error);
  if (!listening) {
    listening = true;
    process.on("unhandledRejection", onUnhandledRejection);
  }
}

let listening = false;

function onUnhandledRejection(reason: unknown): void {
  if (typeof reason === "object" && reason !== null && failures.has(reason)) return;
  if (process.listenerCount("unhandledRejection") > 1) return;
  throw reason;
}

/** Makes {@link importFile} go through `importer`, for code whose own `import()` cannot work. */
export function installFileImporter(importer: Importer): void {
  (globalThis as { [IMPORTER]?: Importer })[IMPORTER] = importer;
}
