import type { JournalStepInfo } from "../record/journal-event";
import type { DeclaredSteps } from "../record/declared-steps";
import type { WorkflowStep } from "./step";
import { plainObjectMaker } from "./plain-object-maker";

/** The needs of a step that has none: one frozen array for them all, not one per step. */
const NO_NEEDS: string[] = Object.freeze([]) as unknown as string[];

/**
 * A step's info, a plain object. Made by a constructor, not a literal: a run
 * keeps one per step (see plainObjectMaker).
 */
const StepInfo = plainObjectMaker(function (
  this: JournalStepInfo,
  id: string,
  needs: string[],
  reversible: boolean,
) {
  this.id = id;
  this.needs = needs;
  this.reversible = reversible;
});

/**
 * What the run record says of a step before it runs: its journal's
 * `run_started` lists one per step, and a run's JSON repeats it.
 */
export function stepInfo(step: WorkflowStep): JournalStepInfo {
  const info = new StepInfo(
    step.id,
    step.needs && step.needs.length > 0 ? step.needs.slice() : NO_NEEDS,
    // A step object of a JavaScript module may leave it out: not reversible, and the record says so.
    step.reversible === true,
  );
  if (step.description) info.description = step.description;
  if (step.effectFree) info.effectFree = true;
  if (step.rollbackTimeoutMs !== undefined) info.rollbackTimeoutMs = step.rollbackTimeoutMs;
  return info;
}

/**
 * A run's steps as its record declares them (see {@link DeclaredSteps}): each
 * info made by {@link stepInfo} when read. `steps` is taken as it is now; a
 * step object changed while its run runs is not supported.
 */
export function declaredSteps(steps: readonly WorkflowStep[]): DeclaredSteps {
  const list = steps.slice();
  return {
    length: list.length,
    id: (i) => list[i]!.id,
    info: (i) => stepInfo(list[i]!),
  };
}
