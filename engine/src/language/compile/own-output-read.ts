import type { Expression, Reference } from "../ast";

/**
 * Whether `expr` reads `steps.<stepId>.output` (or a field of it) anywhere (in an argument, an
 * interpolation, a list or a map). A rollback that reads its own step's output
 * can only be resolved once the step has run.
 */
export function readsStepOutput(expr: Expression | undefined, stepId: string): boolean {
  if (!expr) return false;
  switch (expr.kind) {
    case "ref":
      return isOutputOf(expr, stepId);
    case "string":
      return expr.parts.some(
        (part) => part.kind === "interpolation" && !!part.ref && isOutputOf(part.ref, stepId),
      );
    case "call":
      return expr.args.some((arg) => readsStepOutput(arg.value, stepId));
    case "list":
      return expr.items.some((item) => readsStepOutput(item, stepId));
    case "map":
      return expr.entries.some((entry) => readsStepOutput(entry.value, stepId));
    case "binary":
      return readsStepOutput(expr.left, stepId) || readsStepOutput(expr.right, stepId);
    case "not":
      return readsStepOutput(expr.operand, stepId);
    default:
      return false;
  }
}

function isOutputOf(ref: Reference, stepId: string): boolean {
  const [root, id, field] = ref.segments;
  return (
    ref.segments.length >= 3 &&
    root?.text === "steps" &&
    id?.text === stepId &&
    field?.text === "output"
  );
}
