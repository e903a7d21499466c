import type { Expression, Reference } from "./ast";

/**
 * Whether `test` holds for a reference `expr` reads: itself (`a.b`), one
 * interpolated in a string (`${a}`, `${stem(a)}`), or one in a call's
 * arguments, a list's items, a map's values or an operator's operands — in
 * that order, stopping at the first. Parts a half-typed tree lacks are
 * passed over.
 */
export function someReference(
  expr: Expression | undefined,
  test: (ref: Reference) => boolean,
): boolean {
  switch (expr?.kind) {
    case "ref":
      return test(expr);
    case "string":
      for (const part of expr.parts ?? [])
        if (part?.kind === "interpolation" && part.ref && test(part.ref)) return true;
      return false;
    case "call":
      return (expr.args ?? []).some((arg) => someReference(arg?.value, test));
    case "list":
      return (expr.items ?? []).some((item) => someReference(item, test));
    case "map":
      return (expr.entries ?? []).some((entry) => someReference(entry?.value, test));
    case "binary":
      return someReference(expr.left, test) || someReference(expr.right, test);
    case "not":
      return someReference(expr.operand, test);
    default:
      return false;
  }
}

/** Calls `visit` on every reference `expr` reads, in order (see {@link someReference}). */
export function eachReference(expr: Expression | undefined, visit: (ref: Reference) => void): void {
  someReference(expr, (ref) => {
    visit(ref);
    return false;
  });
}
