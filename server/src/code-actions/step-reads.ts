/**
 * The `steps.<id>...` references a step's properties read — in code and in
 * `${...}`, in conditions, lists, maps and call arguments — with the
 * property each is written in: what the fixes about another step's output
 * look at ("Create step" and the rename of a misspelt step id).
 */
import type { Expression, Property, Reference, StepDeclaration } from "@momoflow/language";

/** One `steps.<id>...` reference and the property of the step that holds it. */
export interface StepRead {
  ref: Reference;
  property: Property;
}

/** Every `steps.<id>...` reference of `step`'s properties but `needs` (whose items are bare ids). */
export function stepReads(step: StepDeclaration): StepRead[] {
  const reads: StepRead[] = [];
  for (const property of step.properties ?? []) {
    if (!property || property.name?.text === "needs") continue;
    for (const ref of referencesIn(property.value))
      if (ref.segments?.[0]?.text === "steps") reads.push({ ref, property });
  }
  return reads;
}

/** Every reference `expr` holds, nested ones included. */
function referencesIn(expr: Expression | undefined, into: Reference[] = []): Reference[] {
  switch (expr?.kind) {
    case "ref":
      into.push(expr);
      break;
    case "string":
      for (const part of expr.parts ?? [])
        if (part?.kind === "interpolation" && part.ref) into.push(part.ref);
      break;
    case "list":
      for (const item of expr.items ?? []) referencesIn(item, into);
      break;
    case "map":
      for (const entry of expr.entries ?? []) referencesIn(entry?.value, into);
      break;
    case "binary":
      referencesIn(expr.left, into);
      referencesIn(expr.right, into);
      break;
    case "not":
      referencesIn(expr.operand, into);
      break;
    case "call":
      for (const arg of expr.args ?? []) referencesIn(arg?.value, into);
      break;
    default:
      break;
  }
  return into;
}
