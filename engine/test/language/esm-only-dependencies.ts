/**
 * Lets the tests load chevrotain under `tsx/cjs`.
 *
 * chevrotain 11 is ESM only and its own dependencies (`@chevrotain/*`) export
 * only an `import` condition. Node 20.19 can `require()` ESM natively, but tsx
 * rewrites ESM files to CommonJS and then resolves their imports with the
 * `require` conditions, which those packages do not offer. This falls back to
 * the `import` entry of such a package. Only tests need it: the shipped code is
 * bundled by esbuild, which resolves imports with the `import` condition.
 * Import it first, before anything that imports chevrotain.
 */
import { readFileSync } from "node:fs";
import Module from "node:module";
import { join } from "node:path";

type Resolver = (request: string, parent: unknown, ...rest: unknown[]) => string;

const moduleInternals = Module as unknown as { _resolveFilename: Resolver };
const resolveFilename = moduleInternals._resolveFilename;
const patched = Symbol.for("momoflow.esm-only-dependencies");

if (!(moduleInternals._resolveFilename as unknown as Record<symbol, boolean>)[patched]) {
  const fallback: Resolver = function (this: unknown, request, parent, ...rest) {
    try {
      return resolveFilename.call(this, request, parent, ...rest);
    } catch (error) {
      const entry =
        (error as NodeJS.ErrnoException).code === "ERR_PACKAGE_PATH_NOT_EXPORTED"
          ? importEntry(request, parent)
          : undefined;
      if (entry === undefined) throw error;
      return entry;
    }
  };
  (fallback as unknown as Record<symbol, boolean>)[patched] = true;
  moduleInternals._resolveFilename = fallback;
}

/** The file a bare `import "<package>"` would load, found from the requiring module's folders. */
function importEntry(request: string, parent: unknown): string | undefined {
  const segments = request.split("/");
  const packageName = request.startsWith("@") ? segments.slice(0, 2).join("/") : segments[0]!;
  if (packageName !== request) return undefined;
  const paths = (parent as { paths?: string[] } | undefined)?.paths ?? [];
  for (const folder of paths) {
    const packageDirectory = join(folder, packageName);
    let manifest: { exports?: Record<string, { import?: string }> };
    try {
      manifest = JSON.parse(readFileSync(join(packageDirectory, "package.json"), "utf8"));
    } catch {
      continue;
    }
    const target = manifest.exports?.["."]?.import;
    return target === undefined ? undefined : join(packageDirectory, target);
  }
  return undefined;
}
