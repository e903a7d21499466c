/**
 * What is under the cursor and where else it is written: the symbol
 * occurrence at a position of a checked file, the shared entry point of
 * definition, references, highlights, rename, hover and friends; and every
 * occurrence of a symbol across files.
 *
 * ```ts
 * const check = session.check(uri);
 * const hit = locateSymbol(check, params.position);
 * if (hit?.symbol.kind === "step") ... // hit.range is the id as written
 * ```
 */
import {
  type Pausable,
  PauseCounter,
  type Position,
  type Range,
  runToEnd,
} from "@momoflow/language";
import { type AnalyzedFile, fileOccurrences, fileOccurrencesWork } from "./file-occurrences";
import { type SymbolOccurrence, type SymbolRef, symbolKey } from "./symbol-ref";

export type { AnalyzedFile } from "./file-occurrences";
export { fileOccurrences, fileOccurrencesWork } from "./file-occurrences";
export type {
  BlockKind,
  CommandParamSymbolRef,
  CommandSymbolRef,
  EnvSymbolRef,
  ItemSymbolRef,
  ImportSymbolRef,
  PropertySymbolRef,
  StatusSymbolRef,
  StepSymbolRef,
  SymbolOccurrence,
  SymbolRef,
  TestSymbolRef,
  TypeSymbolRef,
  ValueSymbolRef,
  WorkflowSymbolRef,
} from "./symbol-ref";
export { declaringWorkflow, homePath, sameSymbol, symbolKey, unnamedCommandAt } from "./symbol-ref";

/**
 * The symbol occurrence at `position` of a checked file (a
 * {@link CheckResult}, or anything with its `document.file` and `scope`), or
 * undefined when the position is on no name that resolves to something:
 * whitespace, punctuation, literals, keywords, `run.id`, or a name the
 * checker reports as unknown.
 *
 * Occurrences are: declaration names (workflows, steps, params, vars,
 * commands, command parameters, tests); `needs` entries; a test's
 * `workflow:` value, its `fail:` entries, `params` keys and `expect
 * step|output <id>` targets (resolved through its workflow); the `<id>` of
 * `steps.<id>.output`; callee names and named argument names; bare
 * references and `${}` references (params and vars in a workflow, parameters
 * in a command); `env.NAME`; property names; type names; import paths; the
 * status of `expect status|step ... == <status>`.
 *
 * A position touching the end of a name counts as on it (the cursor right
 * after `build`), unless another name starts there.
 */
export function locateSymbol(file: AnalyzedFile, position: Position): SymbolOccurrence | undefined {
  const occurrences = fileOccurrences(file);
  // The occurrences are sorted by start: find the last one starting at or before the position.
  let low = 0;
  let high = occurrences.length - 1;
  let last = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (before(occurrences[middle]!.range.start, position)) {
      last = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  let touching: SymbolOccurrence | undefined;
  // Ranges do not nest, but a few may start at the same place; look back a little.
  for (let i = last; i >= 0 && i >= last - 4; i--) {
    const occurrence = occurrences[i]!;
    const { start, end } = occurrence.range;
    if (before(start, position) && before(position, end)) {
      if (same(end, position)) touching ??= occurrence;
      else return occurrence;
    }
  }
  return touching;
}

/** a <= b */
function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

function same(a: Position, b: Position): boolean {
  return a.line === b.line && a.character === b.character;
}

/** Where a symbol is written, in which file. */
export interface SymbolLocation {
  /** The file (absolute path), as in `check.document.path`. */
  path: string;
  range: Range;
  isDeclaration: boolean;
  /** For a declaration: the whole declaration. */
  extent?: Range;
}

/** A checked file with its path (a {@link CheckResult} is one). */
export interface AnalyzedPathFile extends AnalyzedFile {
  document: AnalyzedFile["document"] & { path: string };
}

const byKeyCache = new WeakMap<AnalyzedFile, ReadonlyMap<string, readonly SymbolOccurrence[]>>();

/** The occurrences of a file grouped by {@link symbolKey}, each group in document order (cached). */
export function occurrencesByKey(
  file: AnalyzedFile,
): ReadonlyMap<string, readonly SymbolOccurrence[]> {
  return byKeyCache.get(file) ?? runToEnd(occurrencesByKeyWork(file));
}

/**
 * {@link occurrencesByKey} as pausable work (the file's occurrences built
 * first, as {@link fileOccurrencesWork} builds them): a safe point every
 * `ITEMS_PER_PAUSE` occurrences. Cached as {@link occurrencesByKey} is.
 */
export function* occurrencesByKeyWork(
  file: AnalyzedFile,
): Pausable<ReadonlyMap<string, readonly SymbolOccurrence[]>> {
  let byKey = byKeyCache.get(file);
  if (!byKey) {
    const occurrences = yield* fileOccurrencesWork(file);
    const pauses = new PauseCounter();
    const groups = new Map<string, SymbolOccurrence[]>();
    for (const occurrence of occurrences) {
      if (pauses.due()) yield;
      const key = symbolKey(occurrence.symbol);
      const group = groups.get(key);
      if (group) group.push(occurrence);
      else groups.set(key, [occurrence]);
    }
    byKey = groups;
    byKeyCache.set(file, byKey);
  }
  return byKey;
}

/**
 * Every occurrence of `symbol` in `checks`, file by file in the order given,
 * each file's in document order. References to an imported command or
 * workflow live in the files that import it, so pass every file that may
 * see the symbol (for the server: every known file). A file given twice
 * counts once.
 */
export function findOccurrences(
  symbol: SymbolRef,
  checks: readonly AnalyzedPathFile[],
): SymbolLocation[] {
  const key = symbolKey(symbol);
  const seen = new Set<string>();
  const found: SymbolLocation[] = [];
  for (const check of checks) {
    const path = check.document.path;
    if (seen.has(path)) continue;
    seen.add(path);
    for (const occurrence of occurrencesByKey(check).get(key) ?? []) {
      const location: SymbolLocation = {
        path,
        range: occurrence.range,
        isDeclaration: occurrence.isDeclaration,
      };
      if (occurrence.extent) location.extent = occurrence.extent;
      found.push(location);
    }
  }
  return found;
}
