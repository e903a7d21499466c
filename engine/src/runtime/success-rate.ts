/**
 * The share of a run's steps that succeeded ("% of steps succeeded"): those
 * that ended `success` or `skipped`, out of the steps that do work. A fan-out
 * step's instances are steps of the run, each counted; the fan-out step's own
 * row only sums them up, so it is not counted beside them (that counted a
 * failed instance twice). A fan-out step with no instances (no items) counts
 * as one step. Nor is a step that called a workflow counted (see
 * `callsWorkflow`): it does nothing of its own, its called steps are
 * counted, and its row says the call completed also once a rollback undid
 * them all. The live run and the record read again share this rule, so the
 * summary, `--json` and `result.json` agree.
 *
 * @param steps every row of the run, instances included.
 * @param idOf a row's step id; `statusOf` its status (read in place: no copy of a large run's rows).
 * @param summedUp the ids of the rows that only sum others up: the fan-out
 *   steps whose instances are among `steps`, and the steps that called a workflow.
 * @returns a number from 0 to 1; 1 for a run without steps.
 */
export function successRate<T>(
  steps: readonly T[],
  idOf: (step: T) => string,
  statusOf: (step: T) => string,
  summedUp: ReadonlySet<string>,
): number {
  const { succeeded, counted } = succeededSteps(steps, idOf, statusOf, summedUp);
  return counted ? succeeded / counted : 1;
}

/**
 * The two counts behind {@link successRate}: the steps that do work, and how
 * many of them succeeded (the editor's run history shows "5 of 6").
 */
export function succeededSteps<T>(
  steps: readonly T[],
  idOf: (step: T) => string,
  statusOf: (step: T) => string,
  summedUp: ReadonlySet<string>,
): { succeeded: number; counted: number } {
  // Counted, not filtered: no array of a large run's steps made to take its length.
  let counted = 0;
  let succeeded = 0;
  // Indexed, not `for…of`: run once per run, the loop is not optimized, and each
  // iterator step made an object (40 B a step of a 100,000-step run's garbage).
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    if (summedUp.size > 0 && summedUp.has(idOf(step))) continue;
    counted++;
    const status = statusOf(step);
    if (status === "success" || status === "skipped") succeeded++;
  }
  return { succeeded, counted };
}
