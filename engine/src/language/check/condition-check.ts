import {
  referenceText,
  type BinaryExpression,
  type CallExpression,
  type Expression,
  type Reference,
} from "../ast";
import { STEP_STATUSES } from "../../runtime/status";
import { statusReadOf, statusWord } from "../step-status-read";
import type { DiagnosticSink } from "./diagnostic-sink";
import { suggestName } from "./did-you-mean";
import { checkValue } from "./expression-check";
import { readableSteps, resolveReference } from "./reference-resolution";
import type { ReferenceScope } from "./reference-scope";
import { describeType, type ValueType } from "./value-type";

/** The type of a condition's operand: a value type, or a step's status (`steps.x.status`). */
type OperandType = ValueType | "status";

/** Kinds of values that compare with each other; `any` fits every one. */
const FAMILIES: Readonly<Record<ValueType, string>> = {
  string: "text",
  path: "text",
  secret: "text",
  int: "number",
  number: "number",
  duration: "duration",
  size: "size",
  bool: "bool",
  list: "list",
  map: "map",
  any: "any",
};

/** Families that `<`, `<=`, `>`, `>=` order. */
const ORDERED: ReadonlySet<string> = new Set(["number", "duration", "size"]);

/** The one function a condition may call. */
export const CONTAINS = "contains";

/**
 * Checks a `when` condition (language.md §4): literals, references,
 * comparisons, `&&`, `||`, `!`, parentheses and `contains(...)`, typed as in
 * C or JavaScript but strictly: a number never equals a string, `<` orders
 * numbers, durations and sizes, `&&`, `||` and `!` take bools. Mistakes are
 * MF007 on the operand at fault; a misspelt status gets a "did you mean".
 */
export function checkCondition(
  expr: Expression | undefined,
  scope: ReferenceScope,
  sink: DiagnosticSink,
): void {
  if (!expr) return;
  const type = operandType(expr, scope, sink);
  if (type === "bool" || type === "any") return;
  if (expr.kind === "ref" && type !== "status") {
    sink.report(
      "MF007",
      expr.range,
      `"when" needs a bool, but this is ${describe(type)}: compare it, e.g. ${referenceText(expr)} == "value"`,
    );
  } else if (expr.kind !== "call") {
    sink.report(
      "MF007",
      expr.range,
      `"when" must be a condition: true, false, a bool reference, a comparison (a == b, a < b), !, && or ||`,
    );
  }
}

function operandType(expr: Expression, scope: ReferenceScope, sink: DiagnosticSink): OperandType {
  switch (expr.kind) {
    case "ref":
      return statusReadOf(expr)
        ? statusType(expr, scope, sink)
        : resolveReference(expr, scope, sink);
    case "not":
      if (expr.operand) requireBool(expr.operand, "!", scope, sink);
      return "bool";
    case "binary":
      return binaryType(expr, scope, sink);
    case "call":
      return callType(expr, scope, sink);
    default:
      return checkValue(expr, scope, sink);
  }
}

/** `steps.<id>.status`: MF002 for an unknown step, MF010 when the reader does not need it. */
function statusType(ref: Reference, scope: ReferenceScope, sink: DiagnosticSink): OperandType {
  const steps = readableSteps(ref, "statuses", scope, sink);
  if (!steps) return "any";
  const id = ref.segments[1]!;
  if (steps.knows(id)) steps.read(ref, id);
  return "status";
}

function binaryType(expr: BinaryExpression, scope: ReferenceScope, sink: DiagnosticSink): "bool" {
  const { operator, left, right } = expr;
  if (operator === "&&" || operator === "||") {
    requireBool(left, operator, scope, sink);
    if (right) requireBool(right, operator, scope, sink);
    return "bool";
  }
  if (!right) {
    operandType(left, scope, sink);
    return "bool";
  }
  if (operator === "==" || operator === "!=") {
    if (statusReadOf(left) && !statusReadOf(right)) return compareStatus(left, right, scope, sink);
    if (statusReadOf(right) && !statusReadOf(left)) return compareStatus(right, left, scope, sink);
  }
  const leftType = comparable(left, scope, sink);
  const rightType = comparable(right, scope, sink);
  if (leftType === undefined || rightType === undefined) return "bool";
  const [a, b] = [family(leftType), family(rightType)];
  if (operator !== "==" && operator !== "!=") {
    for (const [side, kind, type] of [
      [left, a, leftType],
      [right, b, rightType],
    ] as const) {
      if (kind !== "any" && !ORDERED.has(kind)) {
        sink.report(
          "MF007",
          side.range,
          `"${operator}" orders numbers, durations and sizes, not ${describe(type)}`,
        );
        return "bool";
      }
    }
  }
  if (a !== "any" && b !== "any" && a !== b) {
    sink.report(
      "MF007",
      expr.operatorRange,
      `"${operator}" compares ${describe(leftType)} with ${describe(rightType)}: they are never equal; compare values of one kind`,
    );
  }
  return "bool";
}

/** `steps.x.status == failed`: the other side is a step status, written bare or quoted. */
function compareStatus(
  status: Expression,
  other: Expression,
  scope: ReferenceScope,
  sink: DiagnosticSink,
): "bool" {
  operandType(status, scope, sink);
  const word = statusWord(other);
  if (word === undefined) {
    sink.report(
      "MF007",
      other.range,
      `a step's status compares with a status: ${STEP_STATUSES.join(", ")}`,
    );
    return "bool";
  }
  if ((STEP_STATUSES as readonly string[]).includes(word.text)) return "bool";
  const suggestion = suggestName(word.text, word.range, STEP_STATUSES);
  sink.report(
    "MF007",
    word.range,
    `unknown step status "${word.text}": a step's status is ${STEP_STATUSES.slice(0, -1).join(", ")} or ${STEP_STATUSES.at(-1)}${suggestion.hint}`,
    { data: suggestion.data },
  );
  return "bool";
}

/** An operand of a comparison, or undefined when it is none (reported). */
function comparable(
  expr: Expression,
  scope: ReferenceScope,
  sink: DiagnosticSink,
): OperandType | undefined {
  const type = operandType(expr, scope, sink);
  if (expr.kind === "list" || expr.kind === "map" || expr.kind === "call") {
    if (expr.kind !== "call" || expr.callee.text === CONTAINS) {
      sink.report(
        "MF007",
        expr.range,
        "a comparison compares single values: a list or a map is no operand (use contains(list, item))",
      );
    }
    return undefined;
  }
  return type;
}

function requireBool(
  expr: Expression,
  operator: string,
  scope: ReferenceScope,
  sink: DiagnosticSink,
): void {
  const type = operandType(expr, scope, sink);
  if (type === "bool" || type === "any" || expr.kind === "call") return;
  sink.report(
    "MF007",
    expr.range,
    `"${operator}" takes conditions (true or false), not ${describe(type)}: compare it first`,
  );
}

/** `contains(list, item)`, `contains(text, part)` or `contains(map, key)`. */
function callType(expr: CallExpression, scope: ReferenceScope, sink: DiagnosticSink): OperandType {
  if (expr.callee.text !== CONTAINS) {
    sink.report(
      "MF007",
      expr.range,
      `a command call is an action: in "when", the only function is contains(list or text, item)`,
    );
    return "any";
  }
  const [haystack, needle, ...extra] = expr.args;
  for (const arg of expr.args) {
    if (arg.name)
      sink.report("MF006", arg.name.range, `contains(...) takes two values, without names`);
  }
  if (!haystack?.value || !needle?.value || extra.length > 0) {
    sink.report(
      "MF006",
      expr.callee.range,
      "contains(...) takes two values: contains(list or text, item)",
    );
    return "bool";
  }
  const within = operandType(haystack.value, scope, sink);
  const kind = within === "status" ? "text" : family(within);
  if (kind !== "any" && kind !== "text" && kind !== "list" && kind !== "map") {
    sink.report(
      "MF007",
      haystack.value.range,
      `contains(...) looks inside a list, a text or a map, not ${describe(within)}`,
    );
  }
  operandType(needle.value, scope, sink);
  return "bool";
}

function family(type: OperandType): string {
  return type === "status" ? "text" : FAMILIES[type];
}

function describe(type: OperandType): string {
  return type === "status" ? "a step status" : describeType(type);
}
