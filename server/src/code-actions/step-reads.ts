/**
 * The `steps.<id>...` references a step's properties read — in code and in
 * `${...}`, in conditions, lists, maps and call arguments — with the
 * property each is written in: what the fixes about another step's output
 * look at ("Create step" and the rename of a misspelt step id).
 */
import {
  eachReference,
  type Property,
  type Reference,
  type StepDeclaration,
} from "@momoflow/language";

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
    eachReference(property.value, (ref) => {
      if (ref.segments?.[0]?.text === "steps") reads.push({ ref, property });
    });
  }
  return reads;
}
