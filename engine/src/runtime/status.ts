/**
 * Statuses of steps and workflows, exactly as language.md §6 defines them.
 * Each is both a value object (`StepStatus.SUCCESS`, as in momo-workflow) and a
 * string-literal type, so records stay plain JSON.
 */
export const StepStatus = {
  PENDING: "pending",
  RUNNING: "running",
  SUCCESS: "success",
  FAILED: "failed",
  CANCELLED: "cancelled",
  SKIPPED: "skipped",
  ROLLED_BACK: "rolled_back",
  ROLLBACK_FAILED: "rollback_failed",
  NOT_RUN: "not_run",
} as const;
/** The status of one step. */
export type StepStatus = (typeof StepStatus)[keyof typeof StepStatus];

export const WorkflowStatus = {
  SUCCESS: "success",
  FAILED: "failed",
  ROLLED_BACK: "rolled_back",
  PARTIALLY_ROLLED_BACK: "partially_rolled_back",
  CANCELLED: "cancelled",
} as const;
/** The final status of a run. */
export type WorkflowStatus = (typeof WorkflowStatus)[keyof typeof WorkflowStatus];

/** Every step status, in the order of language.md §6. */
export const STEP_STATUSES: readonly StepStatus[] = Object.values(StepStatus);
/** Every workflow status, in the order of language.md §6. */
export const WORKFLOW_STATUSES: readonly WorkflowStatus[] = Object.values(WorkflowStatus);
