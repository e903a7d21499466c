import { callsWorkflow } from "../runtime/calling-step";

/** What a step of a run's result says of itself that tells whether it only sums others up. */
export interface SummingStep {
  id: string;
  needs: readonly string[];
  effectFree?: boolean;
  instanceOf?: string;
}

/**
 * The ids of a result's rows that only sum others up, which the share of
 * steps that succeeded does not count (see `successRate`): a fan-out step
 * whose instances are among the rows, and a step that called a workflow.
 * The run's result, the editor's history and `momoflow runs` count alike.
 */
export function summedUpStepIds(steps: readonly SummingStep[]): Set<string> {
  const summedUp = new Set<string>();
  // Indexed, not `for…of`: run once per run, unoptimized, an iterator step made an object per step.
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i]!;
    if (typeof s.instanceOf === "string") summedUp.add(s.instanceOf);
    if (callsWorkflow(s.id, s.needs, s.effectFree)) summedUp.add(s.id);
  }
  return summedUp;
}
