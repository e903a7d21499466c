import type { Expression } from "../ast";
import type { DiagnosticSink } from "./diagnostic-sink";
import { suggestion } from "./did-you-mean";
import { isNameInScope, type ReferenceScope } from "./reference-scope";

/** How other languages write "nothing": `null`, `nil`, `None`, `undefined`. */
const NOTHING_WORDS: ReadonlySet<string> = new Set([
  "null",
  "nil",
  "None",
  "undefined",
  "nothing",
  "noop",
  "no_op",
  "NULL",
  "Null",
]);

/**
 * MF007 for a `rollback` that means "nothing to undo" as another language
 * writes it — `null`, `nil`, `false`, an empty string — with `none` as the
 * quick fix; true when it was one (the caller checks nothing more of it).
 */
export function reportNothingToUndo(
  expr: Expression,
  scope: ReferenceScope,
  sink: DiagnosticSink,
): boolean {
  const written = nothingWritten(expr, scope);
  if (written === undefined) return false;
  const fix = suggestion(["none"], expr.range);
  sink.report(
    "MF007",
    expr.range,
    `nothing to undo is written \`rollback: none\`, not \`rollback: ${written}\``,
    { data: fix.data },
  );
  return true;
}

/** How `expr` is written when it is a "nothing" (`null`, `false`, `""`); undefined otherwise. */
function nothingWritten(expr: Expression, scope: ReferenceScope): string | undefined {
  switch (expr.kind) {
    case "bool":
      return expr.value ? undefined : "false";
    case "string":
      return !expr.triple &&
        expr.parts.every((part) => part.kind === "text" && part.value.trim() === "")
        ? '""'
        : undefined;
    case "ref": {
      const word = expr.segments?.length === 1 ? expr.segments[0]?.text : undefined;
      return word !== undefined && NOTHING_WORDS.has(word) && !isNameInScope(scope, word)
        ? word
        : undefined;
    }
    default:
      return undefined;
  }
}
