/** What each status of a step or a run means (language.md §6), for hover. */

const STEP_STATUS_MEANINGS: Readonly<Record<string, string>> = {
  pending: "not started yet",
  running: "its action is running",
  success: "its action succeeded",
  failed: "its action failed (after every retry)",
  skipped: "its `when` was false; it counts as done for `needs`",
  rolled_back: "it completed, then was undone",
  rollback_failed: "it completed, and undoing it failed",
  not_run: "it never started (the run stopped before it)",
};

const WORKFLOW_STATUS_MEANINGS: Readonly<Record<string, string>> = {
  success: "every step succeeded or was skipped",
  failed: "a step failed and nothing was undone",
  rolled_back: "a step failed and every completed step was undone",
  partially_rolled_back: "a step failed and some completed step could not be undone",
  cancelled: "the run was stopped before it finished",
};

/** The meaning of a status of a step (`of: "step"`) or of a whole run. */
export function statusMeaning(of: "workflow" | "step", status: string): string | undefined {
  return (of === "step" ? STEP_STATUS_MEANINGS : WORKFLOW_STATUS_MEANINGS)[status];
}
