import { basename, dirname, isAbsolute, relative, resolve } from "node:path";
import type { ImportDeclaration } from "../ast";
import type { ParsedDocument } from "../scope";
import type { DiagnosticSink } from "./diagnostic-sink";

/** A file in the import closure of the file being checked, and the import of that file that brings it in. */
export interface ImportedFile {
  document: ParsedDocument;
  /** The checked file's own import through which this file was first reached. */
  via: ImportDeclaration;
}

/** The files a file imports, directly and through other imports. */
export interface ImportClosure {
  /** Every file reached, breadth first, each once, without the checked file itself. */
  files: ImportedFile[];
  /** The checked file's own imports that resolve to a file, deduplicated, in order. */
  direct: string[];
}

/** The absolute path an import names: relative to the importing file. */
export function resolveImport(importer: string, importPath: string): string {
  return resolve(dirname(importer), importPath);
}

/**
 * What is wrong with an import path, or undefined when nothing is: an import
 * is a relative path (to the importing file) of a `.momoflow` file. Any other
 * path — `/etc/passwd`, `notes.txt` — is refused without being read.
 */
export function importPathProblem(importPath: string): string | undefined {
  if (isAbsolute(importPath))
    return `import paths are relative to the importing file: "${importPath}" is absolute`;
  if (!importPath.endsWith(".momoflow"))
    return `imports name .momoflow files: "${importPath}" is not one`;
  return undefined;
}

/** `import` without its path string: its MF001 asks for it, there is nothing to follow. */
function pathLeftOut(decl: ImportDeclaration): boolean {
  const { start, end } = decl.pathRange;
  return decl.path === "" && start.line === end.line && start.character === end.character;
}

/**
 * Follows the imports of `root` through `load` (undefined: no such file).
 * Reports MF013 on `root`'s own imports: a path that is not a relative
 * `.momoflow` path (see {@link importPathProblem}; never read), a file that
 * does not exist or that `unreadable` says why it cannot be read, and each import that leads back to `root` (an import cycle).
 */
export function collectImports(
  root: ParsedDocument,
  load: (path: string) => ParsedDocument | undefined,
  sink: DiagnosticSink,
  unreadable: (path: string) => string | undefined = () => undefined,
): ImportClosure {
  const files: ImportedFile[] = [];
  const direct: string[] = [];
  // Each file reached, with the file that first imported it (for the cycle's path).
  const importedBy = new Map<string, string>([[root.path, ""]]);
  const queue: { document: ParsedDocument; via: ImportDeclaration | undefined }[] = [
    { document: root, via: undefined },
  ];
  const ownImports = new Map<string, ImportDeclaration>();
  for (let head = 0; head < queue.length; head++) {
    const { document, via } = queue[head]!;
    for (const decl of document.file.imports ?? []) {
      if (typeof decl?.path !== "string" || pathLeftOut(decl)) continue;
      const isRoot = document === root;
      const problem = importPathProblem(decl.path);
      if (problem) {
        // An imported file's own bad imports are reported when it is checked.
        if (isRoot) sink.report("MF013", decl.pathRange, problem);
        continue;
      }
      const target = resolveImport(document.path, decl.path);
      const imported = importedBy.has(target) ? undefined : load(target);
      if (isRoot && !ownImports.has(target)) {
        if (!importedBy.has(target) && !imported) {
          const why = unreadable(target);
          const message = why
            ? `cannot import ${target}: ${why}`
            : `import not found: no file at ${target}`;
          sink.report("MF013", decl.pathRange, message);
          continue;
        }
        ownImports.set(target, decl);
        direct.push(target);
      }
      if (!imported) continue;
      importedBy.set(target, document.path);
      const reachedVia = via ?? decl;
      files.push({ document: imported, via: reachedVia });
      queue.push({ document: imported, via: reachedVia });
    }
  }
  reportCycles(root, ownImports, files, sink);
  return { files, direct };
}

/**
 * MF013 on each of `root`'s imports from which `root` can be reached again,
 * with the path of the cycle in the message: `a.momoflow → b.momoflow → a.momoflow`.
 */
function reportCycles(
  root: ParsedDocument,
  ownImports: ReadonlyMap<string, ImportDeclaration>,
  files: readonly ImportedFile[],
  sink: DiagnosticSink,
): void {
  // Who imports whom, backwards, then breadth first from root: for each file
  // that leads back to root, the next file on the way.
  const importers = new Map<string, string[]>();
  for (const document of [root, ...files.map((f) => f.document)]) {
    for (const decl of document.file.imports ?? []) {
      if (typeof decl?.path !== "string" || importPathProblem(decl.path)) continue;
      const target = resolveImport(document.path, decl.path);
      const list = importers.get(target);
      if (list) list.push(document.path);
      else importers.set(target, [document.path]);
    }
  }
  const towardRoot = new Map<string, string>();
  const queue = [root.path];
  for (let head = 0; head < queue.length; head++) {
    const target = queue[head]!;
    for (const importer of importers.get(target) ?? []) {
      if (importer === root.path || towardRoot.has(importer)) continue;
      towardRoot.set(importer, target);
      queue.push(importer);
    }
  }
  const shown = (path: string): string => relative(dirname(root.path), path) || basename(path);
  for (const [target, decl] of ownImports) {
    if (target !== root.path && !towardRoot.has(target)) continue;
    const cycle = [root.path, target];
    for (let at = target; at !== root.path;) {
      at = towardRoot.get(at)!;
      cycle.push(at);
    }
    sink.report("MF013", decl.pathRange, `import cycle: ${cycle.map(shown).join(" → ")}`);
  }
}
