/**
 * "Add the braces of workflow `w`" and "Add the braces of every block" for
 * the MF001 of a block written without braces, as YAML and Python write one
 * (`workflow w`, its body the lines indented below it): the parser read
 * its body by indentation and says where its `{` and `}` go.
 */
import type { Diagnostic } from "@momoflow/language";
import type { TextEdit } from "vscode-languageserver/node";
import type { QuickFix, QuickFixInput } from "./quick-fixes";

/** The block's braces, then (when the file has other such blocks) every block's. */
export function addBracesFixes({ diagnostic, result }: QuickFixInput): QuickFix[] {
  const own = diagnostic.data?.addBraces;
  if (diagnostic.code !== "MF001" || !own) return [];
  const fixes: QuickFix[] = [
    { title: "Add the braces of this block", edits: bracesEdits([diagnostic]), isPreferred: true },
  ];
  const all = result.diagnostics.filter((d) => d.code === "MF001" && d.data?.addBraces);
  if (all.length > 1)
    fixes.push({ title: "Add the braces of every block in the file", edits: bracesEdits(all) });
  return fixes;
}

/**
 * The inserts of `diagnostics`' braces. An inner block comes later in the
 * file than its outer one, and its `}` at the same place must come first:
 * inserts at one position are applied in the order given, so the blocks go
 * from the last one up.
 */
function bracesEdits(diagnostics: readonly Diagnostic[]): TextEdit[] {
  return [...diagnostics]
    .reverse()
    .flatMap((d) => d.data!.addBraces!)
    .map(({ at, text }) => ({ range: { start: at, end: at }, newText: text }));
}
