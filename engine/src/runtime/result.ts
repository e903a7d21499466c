import type { ExecutionMetrics } from "./metrics";
import type { WorkflowStatus } from "./status";
import type { StepResult } from "./step";

/** The result of one run of a workflow. */
export interface WorkflowResult {
  runId: string;
  workflowId: string;
  status: WorkflowStatus;
  /** One entry per step, in declaration order. */
  stepResults: StepResult[];
  metrics: ExecutionMetrics;
  /** Fraction of steps that succeeded (skipped steps count as done), 0..1. */
  successRate: number;
  /** Ids of the steps undone, in the order they were undone. */
  rolledBackSteps: string[];
  /** The first failure, when the run failed. */
  error?: string;
  /**
   * Why the run record is incomplete: a write to it failed (a full disk). The
   * run stopped there and undid what it could; `momoflow rollback` works from
   * what the journal holds.
   */
  recordError?: string;
  /** Folder of the run record (`.momoflow/runs/<run-id>`); absent when the journal was off. */
  runDir?: string;
}
