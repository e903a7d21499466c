import type { ShellPosition } from "../../commands/shell-position";
import { shellRefusals, type ShellShapePart } from "../../commands/shell-quote";
import type { CookedEscape, StringLiteral } from "../ast";
import type { DiagnosticSink } from "./diagnostic-sink";

/** What the shell gets for each escape MF024 is about, and what to write instead. */
const MESSAGES: Readonly<Record<CookedEscape["escaped"], string>> = {
  '"': '`\\"` gives the shell a bare `"` (a `"""` string needs no escape for quotes): write `\\\\"` to pass `\\"` to the shell, or `"` alone',
  $: "`\\$` gives the shell a bare `$`, which it expands: write `\\\\$` to pass `\\$` to the shell, or `$` alone",
};

/**
 * The script's shape parts (see shellRefusals) as its author wrote it: each
 * cooked escape written back as the backslash and its character, so that the
 * shell's quoting is followed as the author meant it (`"a\"b"` is one
 * double-quoted word).
 */
function authorShapes(
  literal: StringLiteral,
  parts: readonly ShellShapePart[],
  escapes: readonly CookedEscape[],
): ShellShapePart[] {
  const shapes: ShellShapePart[] = [];
  let next = 0;
  literal.parts.forEach((part, index) => {
    const shape = parts[index]!;
    if (part.kind !== "text") return void shapes.push(shape);
    let from = 0;
    for (; next < escapes.length && escapes[next]!.part === index; next++) {
      const escape = escapes[next]!;
      if (escape.at > from) shapes.push({ text: part.value.slice(from, escape.at) });
      shapes.push({ escape: escape.escaped });
      from = escape.at + 1;
    }
    if (from < part.value.length) shapes.push({ text: part.value.slice(from) });
  });
  return shapes;
}

/**
 * MF024 on each escape of a `"""` shell script that its author most likely
 * wrote for the shell (see {@link StringLiteral.cookedEscapes}), as it
 * stands in the script (`parts`: its shape parts, as it runs): a script pasted from a
 * terminal keeps its `\"` and `\$`, and momoflow replacing them would change
 * what the shell runs without a word — a quote that ends the shell's string
 * early, a `$1` that awk never sees. Not in a comment; not a `\$` in single
 * quotes or a quoted here-document, where the shell expands nothing (there it
 * reads as an escape written for momoflow, and the `$` is what was meant).
 */
export function reportCookedEscapes(
  literal: StringLiteral,
  parts: readonly ShellShapePart[],
  sink: DiagnosticSink,
): void {
  const escapes = literal.cookedEscapes;
  if (!escapes) return;
  const positions: ShellPosition[] = [];
  shellRefusals(authorShapes(literal, parts, escapes), positions);
  escapes.forEach(({ escaped, range }, index) => {
    const position = positions[index];
    if (position === "comment") return;
    if (escaped === "$" && (position === "single" || position === "quoted-heredoc")) return;
    sink.report("MF024", range, MESSAGES[escaped], { data: { cookedEscape: escaped } });
  });
}
