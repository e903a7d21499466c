import type { Range } from "../ast";
import type { DiagnosticData } from "../diagnostic";
import { nearestNames } from "../edit-distance";

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
  const suggestions = nearestNames(name, candidates);
  if (suggestions.length === 0) return { hint: "", data: {} };
  return {
    hint: `; did you mean "${suggestions[0]}"?`,
    data: { suggestions, replaceRange: range },
  };
}
