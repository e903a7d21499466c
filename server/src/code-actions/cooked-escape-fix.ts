/**
 * The two fixes of MF024, an escape of a `"""` shell script most likely
 * written for the shell: "Pass `\"` to the shell" writes the backslash
 * twice (`\\"`: momoflow gives the shell `\"`), preferred, as a script pasted
 * from a terminal means it; "Write `"` alone" keeps what runs today and
 * drops the escape that changed nothing for momoflow.
 */
import type { QuickFix, QuickFixInput } from "./quick-fixes";

export function cookedEscapeFixes({ diagnostic }: QuickFixInput): QuickFix[] {
  const escaped = diagnostic.data?.cookedEscape;
  if (diagnostic.code !== "MF024" || !escaped) return [];
  const range = diagnostic.range;
  return [
    {
      title: `Pass \`\\${escaped}\` to the shell: write \`\\\\${escaped}\``,
      edits: [{ range, newText: `\\\\${escaped}` }],
      isPreferred: true,
    },
    { title: `Write \`${escaped}\` alone`, edits: [{ range, newText: escaped }] },
  ];
}
