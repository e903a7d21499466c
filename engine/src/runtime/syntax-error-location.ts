import { execFile } from "node:child_process";
import { pathToFileURL } from "node:url";

/**
 * Where the syntax error that stopped an `import()` of a user's JavaScript
 * file is, as `node --check` shows it: `FILE:LINE:COL`, the source line and
 * a caret under the column, each line indented by two spaces; `undefined`
 * when `error` is no SyntaxError or its place cannot be found.
 *
 * Node's CommonJS loader puts the place at the top of the error's stack, but
 * its ESM loader gives only the message ("Unexpected number"), for the file
 * imported and for any module it imports, statically or with `import()`. For
 * those, a child process walks the module's static imports and the
 * `import("…")` calls its text holds (a specifier written as a string: one
 * computed at run time cannot be followed), parsing each module without
 * running it, and asks `node --check` about the first that does not parse.
 * This runs only once an import has failed: a successful import costs
 * nothing more.
 */
export async function syntaxErrorLocation(
  error: unknown,
  file: string,
): Promise<string | undefined> {
  if (!(error instanceof SyntaxError)) return undefined;
  const fromStack = nodeCheckLocation(String(error.stack));
  if (fromStack !== undefined) return fromStack;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [
        "--experimental-vm-modules",
        "--experimental-import-meta-resolve",
        "--no-warnings",
        "--input-type=module",
        "--eval",
        FIND_UNPARSABLE_MODULE,
        pathToFileURL(file).href,
      ],
      { timeout: 10_000, windowsHide: true },
      (_failed, stdout) => resolve(nodeCheckLocation(String(stdout))),
    );
  });
}

/**
 * Whether `error` is a SyntaxError that Node's module loader threw (a module
 * `import()`ed at run time did not parse), not one the code threw itself
 * (`JSON.parse`, `new Function`): only then is there a module to look for.
 */
export function isModuleSyntaxError(error: unknown): error is SyntaxError {
  return error instanceof SyntaxError && /\(node:internal\/modules\//.test(String(error.stack));
}

/**
 * The location lines Node writes above a SyntaxError's stack
 * (`FILE:LINE`, the source line, carets, a blank line), as
 * `FILE:LINE:COL`, the line, the carets; a tab in the line stays a tab
 * in the caret line, so the carets' index is the column's.
 */
function nodeCheckLocation(text: string): string | undefined {
  const match = /^(.+):(\d+)\r?\n(.*)\r?\n([ \t]*)(\^+)[ \t]*\r?\n/.exec(text);
  if (!match) return undefined;
  const [, file, line, source, indent = "", carets] = match;
  return `  ${file}:${line}:${indent.length + 1}\n  ${source}\n  ${indent}${carets}`;
}

/**
 * Run by a child Node with `process.argv[1]` the module's file URL: walks
 * its imports breadth first — static ones, then each `import("…")` with a
 * string specifier in its text — parsing each ESM file (nothing is linked or
 * run), and writes `node --check`'s output for the first that does not
 * parse. A file that fails to parse as ESM but passes `node --check` (a
 * CommonJS `.js`) is passed over.
 */
const FIND_UNPARSABLE_MODULE = `
import { readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { SourceTextModule } from "node:vm";
const queue = [process.argv[1]];
const seen = new Set(queue);
while (queue.length > 0) {
  const url = queue.shift();
  const path = fileURLToPath(url);
  let specifiers = [];
  try {
    const source = readFileSync(path, "utf8");
    specifiers = [...new SourceTextModule(source, { identifier: url }).dependencySpecifiers];
    for (const call of source.matchAll(/\\bimport\\s*\\(\\s*(["'\`])([^"'\`\\n$]+)\\1\\s*[,)]/g)) specifiers.push(call[2]);
  } catch (error) {
    if (!(error instanceof SyntaxError)) continue;
    const check = spawnSync(process.execPath, ["--check", path], { encoding: "utf8" });
    if (check.status !== 0) {
      process.stdout.write(check.stderr);
      break;
    }
    continue;
  }
  for (const specifier of specifiers) {
    let resolved;
    try {
      resolved = import.meta.resolve(specifier, url);
    } catch {
      continue;
    }
    if (!resolved.startsWith("file:") || /\\.(cjs|json|node|wasm)$/.test(resolved) || seen.has(resolved)) continue;
    seen.add(resolved);
    queue.push(resolved);
  }
}
`;
