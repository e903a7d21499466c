import type { Range } from "@momoflow/language";
import { type AnalyzedFile, occurrencesByKey } from "./file-occurrences";
import { type SymbolRef, symbolKey } from "./symbol-ref";

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
