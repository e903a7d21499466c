/**
 * A step a rollback found undone already on the workers that ran it (`run
 * --on`): their journals showed an undo an earlier rollback had sent them,
 * so it was not undone again (see `StepRolledBackEvent.foundUndoneOn`).
 */
export interface FoundUndone {
  stepId: string;
  /** The workers, by name. */
  on: string[];
}

/**
 * What a rollback says of such a step, in the step's log and on the
 * terminal: `on worker w1 its journal shows it undone already (by an earlier
 * rollback), so it was not undone again`.
 */
export function foundUndoneNote(workers: readonly string[]): string {
  const on = `${workers.length === 1 ? "worker" : "workers"} ${workers.join(", ")}`;
  return `on ${on} its journal shows it undone already (by an earlier rollback), so it was not undone again`;
}

/** The run's summary line of such a step (`momoflow run`, `momoflow rollback`, `momoflow runs <run>`). */
export function foundUndoneLine(f: FoundUndone): string {
  return `${f.stepId}: ${foundUndoneNote(f.on)}`;
}

/**
 * The entries a `result.json` read back holds (its `foundUndone`), leaving
 * out those of another shape: a hand-edited file must not make `momoflow
 * runs` fail.
 */
export function recordedFoundUndone(value: unknown): FoundUndone[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (f: unknown): f is FoundUndone =>
      typeof f === "object" &&
      f !== null &&
      typeof (f as FoundUndone).stepId === "string" &&
      Array.isArray((f as FoundUndone).on) &&
      (f as FoundUndone).on.every((w) => typeof w === "string"),
  );
}

/** `earlier` followed by those of `now` for steps it does not name (a later rollback's). */
export function withFoundUndone(
  earlier: readonly FoundUndone[],
  now: readonly FoundUndone[],
): FoundUndone[] {
  const named = new Set(earlier.map((f) => f.stepId));
  return [...earlier, ...now.filter((f) => !named.has(f.stepId))];
}
