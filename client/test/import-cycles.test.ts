import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { ROOT } from "./fakes/load-extension";
import { sourceFiles } from "./helpers/source-files";

/** The files under `dir` that `file` imports (type-only imports and re-exports count too). */
function importsWithin(file: string, dir: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
  return importedFiles
    .map(({ fileName }) => fileName)
    .filter((name) => name.startsWith("."))
    .map((name) => resolve(dirname(file), name))
    .map((base) => [`${base}.ts`, join(base, "index.ts")].find((f) => existsSync(f)) ?? base)
    .filter((target) => target.startsWith(dir));
}

/** Each import cycle among the files under `dir`, as the files around it (depth-first). */
function importCycles(dir: string): string[][] {
  const graph = new Map(sourceFiles(dir).map((file) => [file, importsWithin(file, dir)]));
  const cycles: string[][] = [];
  const done = new Set<string>();
  const visit = (file: string, path: string[]): void => {
    const at = path.indexOf(file);
    if (at >= 0) {
      cycles.push(path.slice(at).map((f) => relative(dir, f)));
      return;
    }
    if (done.has(file)) return;
    for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
    done.add(file);
  };
  for (const file of graph.keys()) visit(file, []);
  return cycles;
}

describe("the client's imports", () => {
  it("form no cycle in client/src: each feature imports the shared services one way", () => {
    assert.deepEqual(importCycles(join(ROOT, "client/src")), []);
  });

  it("are followed through type imports and re-exports (the check can see a cycle)", () => {
    const withCycle = join(ROOT, "client/test/fixtures/import-cycle");
    assert.deepEqual(importCycles(withCycle), [["a.ts", "b.ts"]]);
  });
});
