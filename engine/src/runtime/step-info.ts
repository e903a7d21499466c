import type { JournalStepInfo } from "../record/journal-event";
import type { WorkflowStep } from "./step";

/** The needs of a step that has none: one frozen array for them all, not one per step. */
const NO_NEEDS: string[] = Object.freeze([]) as unknown as string[];

/**
 * What the run record says of a step before it runs: its journal's
 * `run_started` lists one per step, and a run's JSON repeats it.
 */
export function stepInfo(step: WorkflowStep): JournalStepInfo {
  const info: JournalStepInfo = {
    id: step.id,
    needs: step.needs && step.needs.length > 0 ? step.needs.slice() : NO_NEEDS,
    reversible: step.reversible,
  };
  if (step.description) info.description = step.description;
  if (step.effectFree) info.effectFree = true;
  if (step.rollbackTimeoutMs !== undefined) info.rollbackTimeoutMs = step.rollbackTimeoutMs;
  return info;
}
