/**
 * The tests of a file as the Testing panel lists them: the `test` blocks of
 * the language server's outline (`momoflow/documentOutline`), each with an id
 * unique in its file. No `vscode` import here: unit-tested with plain objects.
 */
import type { TestOutline } from "../outline/document-outline";

/** A `test` block of a file, as the Testing panel lists it. */
export interface DiscoveredTest extends TestOutline {
  /** Unique among the file's tests: the name, or `name#2`, `name#3` for repeated names. */
  readonly id: string;
}

/**
 * The tests of a file with their ids, in the outline's (source) order. A name
 * declared twice (an error the CLI refuses to run) still gets an item each,
 * with distinct ids; the first declaration keeps the name as its id, so a
 * test is found by its name (`TestTree.testItem`).
 */
export function discoveredTests(tests: readonly TestOutline[]): DiscoveredTest[] {
  const firsts = new Set<string>();
  const ids: (string | undefined)[] = tests.map((test) => {
    if (firsts.has(test.name)) return undefined;
    firsts.add(test.name);
    return test.name;
  });
  // Repeats get the first `name#n` no test of the file has as id.
  const used = new Set(firsts);
  return tests.map((test, i) => {
    let id = ids[i];
    for (let n = 2; id === undefined; n++)
      if (!used.has(`${test.name}#${n}`)) id = `${test.name}#${n}`;
    used.add(id);
    return { ...test, id };
  });
}
