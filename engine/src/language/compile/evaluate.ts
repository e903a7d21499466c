import {
  interpolateShell,
  ShellInterpolationError,
  ShellNulByteError,
  type ShellTemplatePart,
} from "../../commands/shell-quote";
import {
  holdsReference,
  liveValue,
  recipeFunction,
  recipeText,
} from "../../runtime/recipe-reference";
import type { Expression, Interpolation, Reference, StringLiteral } from "../ast";
import { INTERPOLATION_FUNCTIONS } from "../interpolation-functions";
import { interpolationText } from "../string-literal";
import { CONTAINS } from "../check/condition-check";
import { CompileError } from "./compile-error";
import { conditionValue } from "./condition-value";
import type { ValueScope } from "./value-lookup";
import { valueText } from "./value-text";
import { referenceOrigin } from "./value-origin";

/**
 * The value of an expression: strings with their interpolations filled in,
 * durations in milliseconds, sizes in bytes, lists, maps, references, and
 * conditions (`a == b`, `a < b`, `&&`, `||`, `!`, `contains(...)`) as
 * booleans. Other calls are actions, not values. In a scope
 * that records references (an undo recipe's), a value read from the
 * environment or a secret param stays a `RecipeReference`, and a string or
 * script holding one stays a template (see `recipe-reference.ts`).
 */
export function evaluate(expr: Expression, scope: ValueScope): unknown {
  switch (expr.kind) {
    case "string":
      return evaluateString(expr, scope);
    case "number":
    case "bool":
      return expr.value;
    case "duration":
      return expr.ms;
    case "size":
      return expr.bytes;
    case "list":
      return expr.items.map((item) => evaluate(item, scope));
    case "map": {
      const out: Record<string, unknown> = {};
      for (const entry of expr.entries) {
        if (entry.value) out[entry.key.text] = evaluate(entry.value, scope);
      }
      return out;
    }
    case "ref":
      return scope.lookup(expr);
    case "binary":
    case "not":
      return conditionValue(expr, scope, evaluate);
    case "call":
      if (expr.callee.text === CONTAINS) return conditionValue(expr, scope, evaluate);
      throw new CompileError(
        `\`${expr.callee.text}(...)\` is an action, not a value`,
        scope.path,
        expr.range,
      );
    case "none":
      throw new CompileError(
        "`none` is the value of a rollback, not a value",
        scope.path,
        expr.range,
      );
  }
}

/**
 * A string's text, its interpolations replaced by the values' text (a
 * `RecipeText` when a value is a reference kept for the record).
 */
export function evaluateString(literal: StringLiteral, scope: ValueScope): unknown {
  const parts: unknown[] = [];
  for (const part of literal.parts) {
    if (part.kind === "text") parts.push(part.value);
    else if (part.ref) parts.push(interpolatedValue(part, part.ref, scope));
  }
  return parts.some(holdsReference) ? recipeText(parts) : parts.map(valueText).join("");
}

/**
 * A string as a shell script: every interpolated value is shell-quoted for the
 * place it lands in, and refused where no quoting keeps it literal, so no
 * value can inject shell syntax (language.md §5).
 *
 * A value that is a reference kept for the record makes the script a
 * `RecipeShell`, quoted when the undo resolves it (the live values were
 * checked already: the same action is resolved with them first).
 *
 * @throws CompileError at the interpolation whose value cannot be placed.
 */
export function shellScript(literal: StringLiteral, scope: ValueScope): unknown {
  const refs = new Map<string, Interpolation>();
  const parts: ShellTemplatePart[] = literal.parts.map((part) => {
    if (part.kind === "text") return { text: part.value };
    if (!part.ref) throw new CompileError("malformed interpolation", scope.path, part.range);
    const key = interpolationText(part);
    refs.set(key, part);
    return { ref: key };
  });
  const values = new Map<string, unknown>();
  for (const [name, part] of refs)
    values.set(name, interpolatedValue(part, part.ref!, scope) ?? "");
  if ([...values.values()].some(holdsReference)) {
    return {
      $shell: parts.map((part) =>
        "text" in part ? { text: part.text } : { value: values.get(part.ref) },
      ),
    };
  }
  try {
    return interpolateShell(parts, (name) => values.get(name));
  } catch (error) {
    if (!(error instanceof ShellInterpolationError)) throw error;
    const part = literal.parts[error.part];
    throw new CompileError(
      error instanceof ShellNulByteError
        ? nulByteMessage(error, refs.get(error.ref)?.ref, scope)
        : error.message,
      scope.path,
      part?.kind === "interpolation" ? part.range : literal.range,
    );
  }
}

/** A NUL byte's message naming where the value comes from: `"${x}" (param `x`) holds a NUL byte …`. */
function nulByteMessage(
  error: ShellNulByteError,
  ref: Reference | undefined,
  scope: ValueScope,
): string {
  const origin = ref && referenceOrigin(ref, scope);
  if (!origin) return error.message;
  return `"\${${error.ref}}" (${origin}) ${error.problem}, which a shell script cannot carry`;
}

/** A `when` condition: a bool, a bool reference, or a comparison. */
export function evaluateCondition(expr: Expression, scope: ValueScope): boolean {
  const value = liveValue(evaluate(expr, scope));
  if (typeof value !== "boolean") {
    throw new CompileError(
      `a condition must be true or false, got ${JSON.stringify(value)}`,
      scope.path,
      expr.range,
    );
  }
  return value;
}

/**
 * The value of one `${...}`: its reference's, through its function when it
 * has one (`${basename(file)}`, `${json(list)}`).
 */
function interpolatedValue(part: Interpolation, ref: Reference, scope: ValueScope): unknown {
  const value = scope.lookup(ref);
  if (!part.function) return value;
  const fn = INTERPOLATION_FUNCTIONS.get(part.function.text);
  if (!fn)
    throw new CompileError(`unknown function \`${part.function.text}\``, scope.path, part.range);
  // A reference kept for the record (an environment value, a secret): applied when the undo runs.
  if (holdsReference(value)) return recipeFunction(part.function.text, value);
  if (fn.parameter.type === "path" && typeof value !== "string")
    throw new CompileError(
      `\`${part.function.text}(...)\` takes a path, got ${JSON.stringify(value)}`,
      scope.path,
      part.range,
    );
  return fn.apply(value);
}
