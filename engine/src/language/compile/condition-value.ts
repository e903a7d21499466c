import { liveValue } from "../../runtime/recipe-reference";
import type { BinaryExpression, CallExpression, Expression } from "../ast";
import { statusReadOf, statusWord } from "../step-status-read";
import { CompileError } from "./compile-error";
import type { ValueScope } from "./value-lookup";
import { valueText } from "./value-text";
import { isExactNumber, stringifyExactly } from "../../runtime/exact-number";
import { compareDecimals, decimalOf, type Decimal } from "../../runtime/decimal-order";

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
      const [left, other] = [read(expr.left), read(right)];
      const order = numberOrder(left, other);
      if (order === undefined) {
        const values = `${valueWords(left)} and ${valueWords(other)}`;
        throw new CompileError(
          `"${expr.operator}" cannot order ${values}: it orders numbers`,
          scope.path,
          expr.range,
        );
      }
      if (expr.operator === "<") return order < 0;
      if (expr.operator === "<=") return order <= 0;
      return expr.operator === ">" ? order > 0 : order >= 0;
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

/**
 * Equality of condition operands: same type compares strictly, numbers (one
 * kept as written among them: a 64-bit id) by their exact value, otherwise
 * as text.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === typeof b && typeof a !== "object") return a === b;
  if ((isExactNumber(a) || typeof a === "number") && (isExactNumber(b) || typeof b === "number"))
    return numberOrder(a, b) === 0;
  return valueText(a) === valueText(b);
}

/**
 * The order of two operands that are numbers, or texts that are (a step's
 * output `3`): negative, zero or positive; undefined when one is neither.
 * Two plain numbers compare as they are; otherwise by decimal value, so that
 * a 64-bit id is told apart from its neighbours, as doubles would not.
 */
function numberOrder(a: unknown, b: unknown): number | undefined {
  if (typeof a === "number" && typeof b === "number") return a - b;
  const [x, y] = [orderable(a), orderable(b)];
  return x === undefined || y === undefined ? undefined : compareDecimals(x, y);
}

/** A number to order, as a decimal: a number, an exact one, or a text that is one. */
function orderable(value: unknown): Decimal | undefined {
  if (typeof value === "number")
    return Number.isFinite(value) ? decimalOf(String(value)) : undefined;
  if (isExactNumber(value)) return decimalOf(value.text);
  if (typeof value !== "string" || value.trim() === "") return undefined;
  const exact = decimalOf(value);
  if (exact !== undefined) return exact;
  // What else Number reads (`0x10`), as before: as the number it reads.
  const number = Number(value);
  return Number.isFinite(number) ? decimalOf(String(number)) : undefined;
}

/** An operand in a message: as JSON, a number kept as written as its literal. */
function valueWords(value: unknown): string {
  return stringifyExactly(value) ?? String(value);
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
