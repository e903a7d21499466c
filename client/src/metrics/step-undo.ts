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

/** What the kind means for a step that calls a workflow (see {@link callUndos}). */
export const CALL_UNDO_MEANING: Readonly<Record<StepUndo, string>> = {
  reversible: "a rollback undoes the steps it calls",
  "nothing-to-undo": "the steps it calls change nothing outside the run",
  irreversible: "a rollback leaves one of the steps it calls as it is",
};

/** What the kind means: for a step, or (`call`) for a step that calls a workflow. */
export function stepUndoMeaning(undo: StepUndo, call = false): string {
  return (call ? CALL_UNDO_MEANING : STEP_UNDO_MEANING)[undo];
}

/** Label and meaning: `irreversible: a rollback leaves it as it is`; `call`: the meaning for a calling step. */
export function stepUndoText(undo: StepUndo, call = false): string {
  return `${STEP_UNDO_LABEL[undo]}: ${stepUndoMeaning(undo, call)}`;
}

/** A run's row: its id, and what the record says of its undo. */
export interface StepUndoRow extends StepUndoFacts {
  id: string;
}

/** How much a kind weighs when a call's steps are summed up: one irreversible step makes the call so. */
const WEIGHT: Readonly<Record<StepUndo, number>> = {
  "nothing-to-undo": 0,
  reversible: 1,
  irreversible: 2,
};

/**
 * The undo of each step of a run that calls a workflow, by its id. Such a
 * step does no work of its own (its row says it has nothing to undo), and a
 * rollback undoes the steps it calls (the rows `<id>/…`, nested calls too):
 * it takes theirs, as `momoflow graph` gives it — irreversible when one of
 * them is, else reversible when one is, else nothing to undo. One pass over
 * the rows (a run may have thousands).
 */
export function callUndos(rows: readonly StepUndoRow[]): Map<string, StepUndo> {
  const undos = new Map<string, StepUndo>();
  for (const row of rows) {
    const undo = stepUndo(row);
    for (let at = row.id.indexOf("/"); at > 0; at = row.id.indexOf("/", at + 1)) {
      const caller = row.id.slice(0, at);
      const sofar = undos.get(caller);
      if (sofar === undefined || WEIGHT[undo] > WEIGHT[sofar]) undos.set(caller, undo);
    }
  }
  return undos;
}

/** A row's undo: a calling step's is its steps' (see {@link callUndos}); `call` says it is one. */
export function rowUndo(
  row: StepUndoRow,
  calls: ReadonlyMap<string, StepUndo>,
): { undo: StepUndo; call: boolean } {
  const called = row.reversible ? undefined : calls.get(row.id);
  return called === undefined ? { undo: stepUndo(row), call: false } : { undo: called, call: true };
}
