import { liveValue } from "../../runtime/recipe-reference";
import type { BinaryExpression, CallExpression, Expression } from "../ast";
import { statusReadOf, statusWord } from "../step-status-read";
import { CompileError } from "./compile-error";
import type { ValueScope } from "./value-lookup";
import { valueText } from "./value-text";

/** Evaluates an operand; `evaluate` is passed in so the two files do not import each other. */
type Evaluator = (expr: Expression, scope: ValueScope) => unknown;

/**
 * The value of a condition's operator: `!`, `&&` and `||` (short-circuit),
 * comparisons, and `contains(...)`. A comparison records its result, not the
 * values it compared.
 */
export function conditionValue(
  expr: BinaryExpression | CallExpression | Extract<Expression, { kind: "not" }>,
  scope: ValueScope,
  evaluate: Evaluator,
): boolean {
  const read = (e: Expression): unknown => liveValue(evaluate(e, scope));
  if (expr.kind === "not")
    return !truth(read(required(expr.operand, expr, scope)), "!", expr, scope);
  if (expr.kind === "call") return contains(expr, scope, read);
  const right = required(expr.right, expr, scope);
  switch (expr.operator) {
    case "&&":
      return truth(read(expr.left), "&&", expr, scope) && truth(read(right), "&&", expr, scope);
    case "||":
      return truth(read(expr.left), "||", expr, scope) || truth(read(right), "||", expr, scope);
    case "==":
    case "!=": {
      const same = sameValue(operand(expr.left, right, read), operand(right, expr.left, read));
      return expr.operator === "==" ? same : !same;
    }
    default: {
      const [a, b] = [orderable(read(expr.left)), orderable(read(right))];
      if (a === undefined || b === undefined) {
        const values = `${JSON.stringify(read(expr.left))} and ${JSON.stringify(read(right))}`;
        throw new CompileError(
          `"${expr.operator}" cannot order ${values}: it orders numbers`,
          scope.path,
          expr.range,
        );
      }
      if (expr.operator === "<") return a < b;
      if (expr.operator === "<=") return a <= b;
      return expr.operator === ">" ? a > b : a >= b;
    }
  }
}

function required(expr: Expression | undefined, whole: Expression, scope: ValueScope): Expression {
  if (!expr) throw new CompileError("incomplete condition", scope.path, whole.range);
  return expr;
}

/** An operand of `==`: a bare status word beside `steps.x.status` is that status, not a name. */
function operand(expr: Expression, other: Expression, read: (e: Expression) => unknown): unknown {
  if (statusReadOf(other) && !statusReadOf(expr)) {
    const word = statusWord(expr);
    if (word) return word.text;
  }
  return read(expr);
}

function truth(value: unknown, operator: string, expr: Expression, scope: ValueScope): boolean {
  if (typeof value === "boolean") return value;
  throw new CompileError(
    `"${operator}" takes true or false, got ${JSON.stringify(value)}`,
    scope.path,
    expr.range,
  );
}

/** Equality of condition operands: same type compares strictly, otherwise as text. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === typeof b && typeof a !== "object") return a === b;
  return valueText(a) === valueText(b);
}

/** A number to order: a number, or a text that is one (a step's output `3`). */
function orderable(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value !== "string" || value.trim() === "") return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

/** `contains(list, item)`, `contains(text, part)`, `contains(map, key)`. */
function contains(
  expr: CallExpression,
  scope: ValueScope,
  read: (e: Expression) => unknown,
): boolean {
  const [within, item] = expr.args.map((arg) => arg.value);
  if (!within || !item)
    throw new CompileError("contains(...) takes two values", scope.path, expr.range);
  const haystack = read(within);
  const needle = read(item);
  if (Array.isArray(haystack)) return haystack.some((entry) => sameValue(liveValue(entry), needle));
  if (typeof haystack === "string") return haystack.includes(valueText(needle));
  if (haystack !== null && typeof haystack === "object")
    return Object.hasOwn(haystack, valueText(needle));
  throw new CompileError(
    `contains(...) looks inside a list, a text or a map, got ${JSON.stringify(haystack)}`,
    scope.path,
    within.range,
  );
}
