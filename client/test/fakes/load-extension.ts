import Module from "node:module";
import { join, resolve } from "node:path";

/** The repository's root (where package.json is). */
export const ROOT = resolve(__dirname, "../../..");

const fakes: Record<string, string> = {
  vscode: join(__dirname, "vscode.ts"),
  "vscode-languageclient/node": join(__dirname, "vscode-languageclient.ts"),
};

type Resolve = (request: string, ...rest: unknown[]) => string;
const moduleInternals = Module as unknown as { _resolveFilename: Resolve };

/**
 * Loads the extension's sources (through tsx) with `vscode` and the language
 * client replaced by the fakes; `restore()` puts Node's resolution back.
 */
export function loadExtensionWithFakes(): {
  extension: typeof import("../../src/extension");
  vscode: typeof import("./vscode");
  languageClient: typeof import("./vscode-languageclient");
  restore(): void;
} {
  const original = moduleInternals._resolveFilename;
  moduleInternals._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]) {
    const fake = fakes[request];
    return fake ?? original.call(this, request, ...rest);
  };
  // A plain require: the fakes are found through the hook above (import() would bypass it).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const load = (id: string): unknown => require(id);
  return {
    extension: load("../../src/extension") as typeof import("../../src/extension"),
    vscode: load("vscode") as typeof import("./vscode"),
    languageClient: load("vscode-languageclient/node") as typeof import("./vscode-languageclient"),
    restore: () => {
      moduleInternals._resolveFilename = original;
    },
  };
}
