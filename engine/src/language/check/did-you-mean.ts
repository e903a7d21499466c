import type { Range } from "../ast";
import type { DiagnosticData } from "../diagnostic";
import { nearestNames } from "../edit-distance";
import type { NameIndex } from "../name-index";

/** A "did you mean" for an unknown name: the text to append to the message and the quick-fix data. */
export interface Suggestion {
  /** `; did you mean "build"?`, or "" when nothing is close enough. */
  hint: string;
  /** `suggestions` and `replaceRange`, or empty when nothing is close enough. */
  data: DiagnosticData;
}

/**
 * Looks for what `name` (written at `range`) was meant to be among
 * `candidates`. The message names the nearest one; the data lists up to
 * three, nearest first, for the editor's quick fixes.
 */
export function suggestName(name: string, range: Range, candidates: Iterable<string>): Suggestion {
  return suggestion(nearestNames(name, candidates), range);
}

/**
 * {@link suggestName} among indexed candidates but `exclude`: the same
 * suggestion, found without comparing `name` with every candidate.
 */
export function suggestAmong(
  name: string,
  range: Range,
  candidates: NameIndex,
  exclude?: string,
): Suggestion {
  return suggestion(candidates.nearest(name, 3, exclude), range);
}

function suggestion(suggestions: readonly string[], range: Range): Suggestion {
  if (suggestions.length === 0) return { hint: "", data: {} };
  return {
    hint: `; did you mean "${suggestions[0]}"?`,
    data: { suggestions: [...suggestions], replaceRange: range },
  };
}
