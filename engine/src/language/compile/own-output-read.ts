import type { Expression, Reference } from "../ast";
import { someReference } from "../expression-references";

/**
 * Whether `expr` reads `steps.<stepId>.output` (or a field of it) anywhere (in an argument, an
 * interpolation, a list or a map). A rollback that reads its own step's output
 * can only be resolved once the step has run.
 */
export function readsStepOutput(expr: Expression | undefined, stepId: string): boolean {
  return someReference(expr, (ref) => isOutputOf(ref, stepId));
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
