/**
 * What a step's outcome may say beside its status, attempts and metrics: the
 * same fields in a step's result, the journal's `step_finished`, a replayed
 * journal and `result.json`.
 */
export interface StepOutcomeDetails {
  /** What it gave on success. */
  output?: unknown;
  /** Why it failed. */
  error?: string;
  /**
   * Everything it printed, relative to the run folder: `logs/<step>.log`.
   * Absent when it printed nothing or the run keeps no record.
   */
  log?: string;
  /**
   * A hash of its resolved action (the command and its arguments, a shell
   * script after interpolation; environment values and secret params by
   * name): a resumed run or an up-to-date check compares it.
   */
  fingerprint?: string;
  /** Not run again: reused, with its output and rollback data, from this run, which this one resumes (`--resume`). */
  reusedFrom?: string;
  /** Ran again although it succeeded in the run this one resumes: its action changed since that run. */
  changedSince?: string;
  /** Skipped (status `skipped`) as up to date: its outputs are newer than its inputs and its action did not change. */
  upToDate?: boolean;
  /**
   * Why it was skipped: its `when` was false (`when: env.TARGET == "prod" is
   * false`), or a fan-out step's items were none. In a run's record, also why
   * a `not_run` step never started: the workflow's timeout stopped the run
   * first (see `NOT_RUN_AFTER_TIMEOUT`).
   */
  reason?: string;
  /** The worker that ran it (`momoflow run --on`). */
  worker?: string;
}
