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
 * MF024 once on a `"""` shell script whose escapes its author most likely
 * wrote for the shell (see {@link StringLiteral.cookedEscapes}), as it
 * stands in the script (`parts`: its shape parts, as it runs): a script pasted from a
 * terminal keeps its `\"` and `\$`, and momoflow replacing them would change
 * what the shell runs without a word — a quote that ends the shell's string
 * early, a `$1` that awk never sees. Not in a comment; not a `\$` in single
 * quotes or a quoted here-document, where the shell expands nothing (there it
 * reads as an escape written for momoflow, and the `$` is what was meant).
 * A pasted script has them by the dozen: one warning counts them, on the
 * first, with the others as its related places and all in its data, which
 * the quick fixes change at once.
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
  const meant = escapes.filter(({ escaped }, index) => {
    const position = positions[index];
    if (position === "comment") return false;
    return !(escaped === "$" && (position === "single" || position === "quoted-heredoc"));
  });
  const [first] = meant;
  if (!first) return;
  sink.report("MF024", first.range, cookedEscapesMessage(meant), {
    related: meant.slice(1).map(({ escaped, range }) => ({
      path: sink.path,
      range,
      message: `another \`\\${escaped}\` of the script`,
    })),
    data: { cookedEscapes: meant.map(({ escaped, range }) => ({ escaped, range })) },
  });
}

/** What the shell gets for each kind of escape, after "2 `\"`". */
const BARE: Readonly<Record<CookedEscape["escaped"], string>> = {
  '"': 'a bare `"` (a `"""` string needs no escape for quotes)',
  $: "a bare `$`, which it expands",
};

/** MF024's message for the escapes of one script (at least one): how many, what the shell gets, what to write. */
function cookedEscapesMessage(escapes: readonly CookedEscape[]): string {
  if (escapes.length === 1) return MESSAGES[escapes[0]!.escaped];
  const kinds = (['"', "$"] as const)
    .map((escaped) => ({ escaped, count: escapes.filter((e) => e.escaped === escaped).length }))
    .filter(({ count }) => count > 0);
  const lines = [...new Set(escapes.map((e) => e.range.start.line + 1))];
  const where = lines.length > 1 ? `, on lines ${spokenList(lines.map(String))}` : "";
  if (kinds.length === 1) {
    const { escaped, count } = kinds[0]!;
    return `${count} \`\\${escaped}\` in this script give the shell ${BARE[escaped]}${where}: write \`\\\\${escaped}\` to pass \`\\${escaped}\` to the shell, or \`${escaped}\` alone`;
  }
  const each = kinds.map(({ escaped, count }) => `${count} \`\\${escaped}\` ${BARE[escaped]}`);
  return `${escapes.length} escapes in this script give the shell a bare character${where}: ${each.join(" and ")}: write \`\\\\"\` and \`\\\\$\` to pass them to the shell, or \`"\` and \`$\` alone`;
}

/** `a`, `a and b`, `a, b and c`. */
function spokenList(words: readonly string[]): string {
  return words.length < 2 ? words.join("") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}
