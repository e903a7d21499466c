/**
 * The two fixes of MF024, the escapes of a `"""` shell script most likely
 * written for the shell, each for all of that script's escapes at once:
 * "Pass `\"` to the shell" writes each backslash twice (`\\"`: momoflow gives
 * the shell `\"`), preferred, as a script pasted from a terminal means it;
 * "Write `"` alone" keeps what runs today and drops the escapes that changed
 * nothing for momoflow.
 */
import type { QuickFix, QuickFixInput } from "./quick-fixes";

export function cookedEscapeFixes({ diagnostic }: QuickFixInput): QuickFix[] {
  const escapes = diagnostic.data?.cookedEscapes;
  if (diagnostic.code !== "MF024" || !escapes?.length) return [];
  const kinds = [...new Set(escapes.map((e) => e.escaped))];
  const written = (form: (escaped: string) => string): string =>
    kinds.map((escaped) => `\`${form(escaped)}\``).join(" and ");
  // One escape keeps its short titles; several say that all of them change.
  const which = escapes.length === 1 ? written((e) => `\\${e}`) : `all ${escapes.length}`;
  return [
    {
      title: `Pass ${which} to the shell: write ${written((e) => `\\\\${e}`)}`,
      edits: escapes.map(({ range, escaped }) => ({ range, newText: `\\\\${escaped}` })),
      isPreferred: true,
    },
    {
      title:
        escapes.length === 1
          ? `Write ${written((e) => e)} alone`
          : `Write all ${escapes.length} as ${written((e) => e)} alone`,
      edits: escapes.map(({ range, escaped }) => ({ range, newText: escaped })),
    },
  ];
}
