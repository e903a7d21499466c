import { shellRefusals, type ShellShapePart } from "../../commands/shell-quote";
import { arithmeticOfText, isNumericType, refusalMessage } from "../../commands/shell-position";
import type { Range, StringLiteral } from "../ast";
import { interpolationText } from "../string-literal";
import { reportCookedEscapes } from "./cooked-escapes";
import type { DiagnosticSink } from "./diagnostic-sink";
import { checkInterpolation } from "./interpolation-check";
import type { ReferenceScope } from "./reference-scope";

/**
 * Checks a string that is shell code (a shell action, or the `script` of
 * `sh`): its references (as {@link checkValue} does) and, MF015 on the
 * `${...}`, every value standing where no quoting can keep it literal (right
 * after `$`, in arithmetic unless its type is a number, in backquotes, in the
 * shell's own `${...}`, as a here-document's delimiter). The run refuses
 * them too; this says so before anything runs. MF024 on an escape of a
 * `"""` script most likely meant for the shell (cooked-escapes.ts).
 */
export function checkShellString(
  literal: StringLiteral,
  scope: ReferenceScope,
  sink: DiagnosticSink,
): void {
  const parts: ShellShapePart[] = [];
  const interpolations: { ref: string; range: Range; text: boolean }[] = [];
  for (const part of literal.parts ?? []) {
    if (part.kind === "text") {
      parts.push({ text: part.value });
      continue;
    }
    // A malformed interpolation is MF001 already; it still stands somewhere in the script.
    const type = checkInterpolation(part, scope, sink);
    const ref = part.ref ? interpolationText(part) : "…";
    parts.push({ ref, numeric: isNumericType(type) });
    // A function's result is text, whatever it was given.
    interpolations.push({ ref, range: part.range, text: part.function !== undefined });
  }
  // Where values stand in the script as it runs: escapes replaced.
  shellRefusals(parts).forEach((refusal, index) => {
    const { ref, range, text } = interpolations[index]!;
    if (!refusal) return;
    sink.report("MF015", range, refusalMessage(ref, text ? arithmeticOfText(refusal) : refusal));
  });
  reportCookedEscapes(literal, parts, sink);
}
