import type { StepDeclaration } from "./ast";

/** The value of a step that `steps.<id>.<field>` reads: its `output`, or a fan-out's `outputs`. */
export type StepOutputField = "output" | "outputs";

/** Whether a step runs once per item (`for_each`). */
export function fansOut(step: StepDeclaration): boolean {
  return step.properties?.some((p) => p?.name?.text === "for_each") === true;
}

/**
 * The field a reference reads the value of a step with (language reference §
 * Fan-out): `output` for a step that runs once; `outputs`, the list of its
 * instances' outputs, for a fan-out step — but in its own `rollback`, which
 * undoes one instance at a time, `output`, the output of the instance being
 * undone. `undoesOwnInstance`: the reference is in that rollback.
 */
export function stepOutputField(fanOut: boolean, undoesOwnInstance: boolean): StepOutputField {
  return fanOut && !undoesOwnInstance ? "outputs" : "output";
}

/**
 * {@link stepOutputField} of step `target` read in property `property` of
 * step `reader` (the editor's question: what to offer after `steps.<id>.`).
 */
export function stepOutputFieldIn(
  target: StepDeclaration,
  reader: StepDeclaration | undefined,
  property: string | undefined,
): StepOutputField {
  const own =
    property === "rollback" && reader !== undefined && reader.name?.text === target.name?.text;
  return stepOutputField(fansOut(target), own);
}
