/**
 * What is under the cursor: the symbol occurrence at a position of a checked
 * file. The shared entry point of definition, references, highlights, rename,
 * hover and friends.
 *
 * ```ts
 * const check = session.check(uri);
 * const hit = locateSymbol(check, params.position);
 * if (hit?.symbol.kind === "step") ... // hit.range is the id as written
 * ```
 */
import type { Position } from "@momoflow/language";
import { type AnalyzedFile, fileOccurrences } from "./file-occurrences";
import type { SymbolOccurrence } from "./symbol-ref";

export type { AnalyzedFile } from "./file-occurrences";
export { fileOccurrences } from "./file-occurrences";
export type {
  BlockKind,
  CommandParamSymbolRef,
  CommandSymbolRef,
  EnvSymbolRef,
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
export { homePath, sameSymbol, symbolKey } from "./symbol-ref";

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
