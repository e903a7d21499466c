import type { SourceFile } from "../ast";
import { importPathProblem, resolveImport } from "../check/import-graph";
import type { ParsedDocument } from "../scope";

/**
 * The documents `root` imports, directly or through other imports, breadth
 * first, each once, `root` left out: the files whose commands and workflows
 * are in its scope, in the order the checker brings them in (the first of a
 * name wins). An import path the checker refuses is never read; a file that
 * does not exist is skipped. `parse` is the workspace's: an unchanged file is
 * not parsed again.
 */
export function importedDocuments(
  root: { path: string; file: SourceFile },
  parse: (path: string) => ParsedDocument | undefined,
): ParsedDocument[] {
  const found: ParsedDocument[] = [];
  const reached = new Set([root.path]);
  const queue: { path: string; file: SourceFile }[] = [root];
  for (let head = 0; head < queue.length; head++) {
    const importer = queue[head]!;
    for (const decl of importer.file.imports ?? []) {
      if (typeof decl?.path !== "string" || importPathProblem(decl.path)) continue;
      const target = resolveImport(importer.path, decl.path);
      if (reached.has(target)) continue;
      reached.add(target);
      const document = parse(target);
      if (!document) continue;
      found.push(document);
      queue.push(document);
    }
  }
  return found;
}
