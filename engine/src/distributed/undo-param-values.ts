/**
 * The values of the secret params a worker's undos read, as the steps ran
 * with them: a called workflow's secret given a step's output
 * (`param.release/key`) is known to the worker only while it runs the
 * step, and its journal keeps the reference alone. Kept in the worker's
 * memory, never written nor sent: the run's own rollback (and a
 * `momoflow rollback` while the worker still runs) undoes with the value
 * the step ran with; a worker started again reads it from its environment
 * (`MOMOFLOW_PARAM_RELEASE__KEY`), as `momoflow rollback` does.
 */
export class UndoParamValues implements AttemptParamValues {
  private readonly byAttempt = new Map<string, Readonly<Record<string, string>>>();

  /** @param limit how many attempts are kept: the oldest go first (a worker runs for months). */
  constructor(private readonly limit = 10_000) {}

  /** Keeps the values an attempt's undo reads (see {@link liveParamValues}); none, nothing is kept. */
  keep(attempt: string, values: Readonly<Record<string, string>>): void {
    if (Object.keys(values).length === 0) return;
    this.byAttempt.delete(attempt);
    this.byAttempt.set(attempt, values);
    if (this.byAttempt.size > this.limit)
      this.byAttempt.delete(this.byAttempt.keys().next().value!);
  }

  /** The values kept for an attempt, by param name (`release/key`). */
  of(attempt: string): Readonly<Record<string, string>> {
    return this.byAttempt.get(attempt) ?? {};
  }

  /**
   * The values kept for these attempts, by attempt: what an undo run in a
   * step thread is handed with its job (in memory, between the worker's
   * threads; see {@link paramValuesOf}).
   */
  forAttempts(attempts: readonly string[]): AttemptParams {
    const values: AttemptParams = {};
    for (const attempt of attempts) {
      const kept = this.byAttempt.get(attempt);
      if (kept) values[attempt] = kept;
    }
    return values;
  }
}

/** The values of the secret params attempts' undos read, by attempt, then by param name. */
export type AttemptParams = Record<string, Readonly<Record<string, string>>>;

/** Where an undo finds the values its attempts' undos read (see {@link UndoParamValues}). */
export interface AttemptParamValues {
  /** The values for an attempt, by param name (`release/key`); none, an empty object. */
  of(attempt: string): Readonly<Record<string, string>>;
}

/** The values {@link UndoParamValues.forAttempts} handed over, to read as the worker's own. */
export function paramValuesOf(values: AttemptParams): AttemptParamValues {
  return { of: (attempt) => values[attempt] ?? {} };
}

/**
 * The values, during the run, of the secret params `recipe` keeps as
 * references (`{"$ref": "param.release/key"}`), by name: what the
 * references held before the recipe was recorded (never serialized).
 */
export function liveParamValues(recipe: unknown): Record<string, string> {
  const values: Record<string, string> = {};
  collect(recipe, values);
  return values;
}

function collect(value: unknown, values: Record<string, string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collect(item, values);
    return;
  }
  if (value === null || typeof value !== "object") return;
  // A `RecipeReference` by its shape: its value is a getter of the class, never an own property.
  const { $ref, live } = value as { $ref?: unknown; live?: unknown };
  if (typeof $ref === "string" && typeof live === "string") {
    if ($ref.startsWith("param.")) values[$ref.slice("param.".length)] = live;
    return;
  }
  for (const item of Object.values(value)) collect(item, values);
}
