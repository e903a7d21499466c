import type { DiagnosticCode } from "@momoflow/language";
import type { QuickFix, QuickFixInput } from "./quick-fix";

/** The codes whose data carries "did you mean" suggestions (language.md §7). */
const CODES: ReadonlySet<DiagnosticCode> = new Set(["MF002", "MF005", "MF006", "MF008", "MF009"]);

/**
 * "Change to `build`" for each suggestion of an unknown name, nearest first
 * (the nearest is preferred): replaces the name the diagnostic is on.
 */
export function didYouMeanFixes({ diagnostic, document }: QuickFixInput): QuickFix[] {
  const { suggestions, replaceRange } = diagnostic.data ?? {};
  if (!CODES.has(diagnostic.code) || !suggestions?.length || !replaceRange) return [];
  const current = document.getText(replaceRange);
  return suggestions
    .filter((name) => name !== current)
    .map((name, index) => ({
      title: `Change to \`${name}\``,
      edits: [{ range: replaceRange, newText: name }],
      isPreferred: index === 0,
    }));
}
