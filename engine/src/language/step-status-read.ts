import type { Expression, Name, Reference } from "./ast";

/** The field of `steps.<id>.status`: the status a step has when it is read. */
export const STATUS_FIELD = "status";

/** The step id of a `steps.<id>.status` reference, else undefined. */
export function statusReadOf(expr: Expression | undefined): Name | undefined {
  if (expr?.kind !== "ref") return undefined;
  const segments = (expr as Reference).segments;
  if (segments?.length !== 3 || segments[0]?.text !== "steps") return undefined;
  return segments[2]?.text === STATUS_FIELD && segments[1]?.index === undefined
    ? segments[1]
    : undefined;
}

/**
 * The ids of the steps whose status an expression reads (`steps.<id>.status`).
 * A step whose `when` reads one runs whatever its needs ended with.
 */
export function statusReads(expr: Expression | undefined, into: Name[] = []): Name[] {
  if (!expr) return into;
  switch (expr.kind) {
    case "ref": {
      const id = statusReadOf(expr);
      if (id) into.push(id);
      return into;
    }
    case "binary":
      statusReads(expr.left, into);
      return statusReads(expr.right, into);
    case "not":
      return statusReads(expr.operand, into);
    case "call":
      for (const arg of expr.args) statusReads(arg.value, into);
      return into;
    default:
      return into;
  }
}

/** A status written as a bare word (`failed`) or a string (`"failed"`), else undefined. */
export function statusWord(expr: Expression | undefined): Name | undefined {
  if (expr?.kind === "ref" && expr.segments.length === 1 && expr.segments[0]!.index === undefined)
    return expr.segments[0];
  if (expr?.kind !== "string" || expr.parts.some((part) => part.kind !== "text")) return undefined;
  const text = expr.parts.map((part) => (part.kind === "text" ? part.value : "")).join("");
  return { text, range: expr.range };
}
