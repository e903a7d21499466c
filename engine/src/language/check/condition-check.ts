import { referenceText, type Expression } from "../ast";
import type { DiagnosticSink } from "./diagnostic-sink";
import { checkValue } from "./expression-check";
import { resolveReference } from "./reference-resolution";
import type { ReferenceScope } from "./reference-scope";
import { describeType, isAssignable } from "./value-type";

const OPERAND_KINDS: ReadonlySet<Expression["kind"]> = new Set([
  "string",
  "number",
  "duration",
  "size",
  "bool",
  "ref",
]);

/**
 * Checks a `when` condition (language.md §4): a bool literal, a bool
 * reference, or `a == b` / `a != b` where each side is a literal or a reference.
 */
export function checkCondition(
  expr: Expression | undefined,
  scope: ReferenceScope,
  sink: DiagnosticSink,
): void {
  if (!expr) return;
  switch (expr.kind) {
    case "bool":
      return;
    case "ref": {
      const type = resolveReference(expr, scope, sink);
      if (!isAssignable("bool", type)) {
        sink.report(
          "MF007",
          expr.range,
          `"when" needs a bool, but this is ${describeType(type)}: compare it, e.g. ${referenceText(expr)} == "value"`,
        );
      }
      return;
    }
    case "binary":
      checkOperand(expr.left, scope, sink);
      checkOperand(expr.right, scope, sink);
      return;
    default:
      // A call is not checked as a value: the one message below says it all.
      if (expr.kind !== "call") checkValue(expr, scope, sink);
      sink.report(
        "MF007",
        expr.range,
        `"when" must be a condition: true, false, a bool reference, or a == b / a != b`,
      );
  }
}

function checkOperand(
  expr: Expression | undefined,
  scope: ReferenceScope,
  sink: DiagnosticSink,
): void {
  if (!expr) return;
  if (OPERAND_KINDS.has(expr.kind)) checkValue(expr, scope, sink);
  else
    sink.report("MF007", expr.range, "each side of a comparison must be a literal or a reference");
}
