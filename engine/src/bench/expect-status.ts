import type { WorkflowResult } from "../runtime/result";
import type { WorkflowStatus } from "../runtime/status";

/**
 * Guards a measurement: a benchmark run that ended otherwise than planned
 * measured something else, so its figures must not be reported.
 */
export function expectStatus(result: WorkflowResult, status: WorkflowStatus): void {
  if (result.status !== status) {
    throw new Error(
      `benchmark run ${result.runId} ended "${result.status}", expected "${status}"${result.error ? `: ${result.error}` : ""}`,
    );
  }
}
