import type { WorkflowResult } from "../runtime/result";
import { WorkflowStatus } from "../runtime/status";
import { readResultFile } from "../record/result-file";
import { runRecordPaths } from "../record/run-paths";
import { shellQuote } from "../commands/shell-quote";

/**
 * After a run that failed with its rollback off (`--no-rollback`, or
 * `rollback_on_failure: false`) and left work a rollback would undo: that
 * it is left as it is, the command that undoes it and how to continue it
 * instead. A failed run says neither on its own, since nothing was rolled
 * back. What is left to undo is read from the run's `result.json`, which
 * says of every step (instances and called steps too) whether it is
 * reversible; without one, nothing is said.
 */
export function rollbackOffHint(result: WorkflowResult, rollbackOff: boolean): string | undefined {
  if (!rollbackOff || result.status !== WorkflowStatus.FAILED || !result.runDir) return undefined;
  const steps = readResultFile(runRecordPaths(result.runDir).result)?.steps ?? [];
  const leftToUndo = steps.some(
    (s) => s.status === "success" && s.reversible && !s.effectFree && s.attempts > 0,
  );
  if (!leftToUndo) return undefined;
  return `  left as it is (the rollback is off): momoflow rollback ${shellQuote(result.runDir)} undoes it; run it again with --resume to continue it`;
}
