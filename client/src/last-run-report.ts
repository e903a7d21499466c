import type { LastRunDetail, LastRunStatus } from "./client-services";

/** What the status bar shows of the last run. */
export interface ShownLastRun {
  readonly status: LastRunStatus;
  readonly detail: LastRunDetail;
}

/**
 * Whether a report of a run should leave the one shown in place. Two kinds of
 * report reach the status bar: a task's (it has an `action`) when a run or
 * rollback started from the editor starts or ends, and the records' (no
 * action) when a result.json is written, by any run. File events come late on
 * a loaded machine, so a records' report may arrive after newer news:
 * - of a run that started before what is shown (an earlier run's result
 *   seen after the next run was started): it is old news;
 * - of the same run, with the same outcome, as the task's report shown,
 *   which says more (a rollback is a rollback).
 */
export function keepsShownRun(
  shown: ShownLastRun | undefined,
  status: LastRunStatus | undefined,
  detail: LastRunDetail,
): boolean {
  if (shown === undefined || status === undefined || detail.action !== undefined) return false;
  const shownStart = shown.detail.startedAt;
  if (detail.startedAt !== undefined && shownStart !== undefined && detail.startedAt < shownStart)
    return true;
  return (
    detail.runId !== undefined &&
    shown.detail.action !== undefined &&
    shown.detail.runId === detail.runId &&
    shown.status === status
  );
}
