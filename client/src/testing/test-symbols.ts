/**
 * The tests of a file, read from the language server's document symbols
 * (tests are `Event` symbols named by the test). The client never parses
 * `.momoflow` text itself. No `vscode` import here: symbols are taken by
 * shape, so this is unit-tested with plain objects.
 */
import type { OutlineSymbol } from "../run-records/document-outline";
import type { TestRange } from "./test-results";

/** A document symbol taken by shape: the same contract the run features read (document-outline.ts). */
export type SymbolShape = OutlineSymbol;

/** A `test` block of a file, as the Testing panel lists it. */
export interface DiscoveredTest {
  /** Unique among the file's tests: the name, or `name#2`, `name#3` for repeated names. */
  readonly id: string;
  /** The test's name (what `--filter` and the CLI's report use). */
  readonly name: string;
  /** The whole `test` block. */
  readonly range: TestRange;
  /** The name in the source. */
  readonly selectionRange: TestRange;
  /** The workflow it tests, when the server says. */
  readonly detail?: string;
}

/**
 * The tests among `symbols` (and their children), in source order. A name
 * declared twice (an error the CLI refuses to run) still gets an item each,
 * with distinct ids.
 */
export function testsFromSymbols(
  symbols: readonly SymbolShape[] | null | undefined,
  testKind: number,
): DiscoveredTest[] {
  const found: { name: string; range: TestRange; selectionRange: TestRange; detail?: string }[] =
    [];
  const visit = (list: readonly SymbolShape[]): void => {
    for (const symbol of list) {
      const range = symbol.range ?? symbol.location?.range;
      if (symbol.kind === testKind && symbol.name && range)
        found.push({
          name: symbol.name,
          range,
          selectionRange: symbol.selectionRange ?? range,
          ...(symbol.detail ? { detail: symbol.detail } : {}),
        });
      if (symbol.children) visit(symbol.children);
    }
  };
  visit(symbols ?? []);
  found.sort((a, b) => compare(a.range.start, b.range.start));
  // First declarations keep their name as id; repeats get the first free `name#n`.
  const firsts = new Set<string>();
  const ids: (string | undefined)[] = found.map((test) => {
    if (firsts.has(test.name)) return undefined;
    firsts.add(test.name);
    return test.name;
  });
  const used = new Set(firsts);
  return found.map((test, i) => {
    let id = ids[i];
    for (let n = 2; id === undefined; n++)
      if (!used.has(`${test.name}#${n}`)) id = `${test.name}#${n}`;
    used.add(id);
    return { id, ...test };
  });
}

function compare(a: TestRange["start"], b: TestRange["start"]): number {
  return a.line - b.line || a.character - b.character;
}
