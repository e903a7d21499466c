/**
 * What a rollback does to a step, in the words the editor uses for it
 * everywhere (the step's hover, the metrics panel's Run and Graph tabs).
 *
 * Pure: no `vscode`, no Node, no DOM, so the metrics page imports it too.
 */

/**
 * The three kinds of step a rollback sees:
 * - `reversible`: a rollback undoes it;
 * - `nothing-to-undo`: it changes nothing outside the run (`log`, `sleep`,
 *   `fail`, `rollback: none`), so there is nothing to undo and it never
 *   makes a rollback partial;
 * - `irreversible`: a rollback leaves its effects in place.
 */
export type StepUndo = "reversible" | "nothing-to-undo" | "irreversible";

/** What the run record and the graph say of a step's undo. */
export interface StepUndoFacts {
  reversible: boolean;
  /** Only `true` counts: anything else is an older record, or none. */
  effectFree?: boolean;
}

/** The kind of `step`: reversible wins, then effect-free, else irreversible. */
export function stepUndo(step: StepUndoFacts): StepUndo {
  if (step.reversible) return "reversible";
  return step.effectFree === true ? "nothing-to-undo" : "irreversible";
}

/** The kind in a word or two: `irreversible`, `nothing to undo`. */
export const STEP_UNDO_LABEL: Readonly<Record<StepUndo, string>> = {
  reversible: "reversible",
  "nothing-to-undo": "nothing to undo",
  irreversible: "irreversible",
};

/** What the kind means for a rollback, after its label. */
export const STEP_UNDO_MEANING: Readonly<Record<StepUndo, string>> = {
  reversible: "a rollback undoes it",
  "nothing-to-undo": "it changes nothing outside the run",
  irreversible: "a rollback leaves it as it is",
};

/** Label and meaning: `irreversible: a rollback leaves it as it is`. */
export function stepUndoText(undo: StepUndo): string {
  return `${STEP_UNDO_LABEL[undo]}: ${STEP_UNDO_MEANING[undo]}`;
}
