import type { WorkflowResult } from "../runtime/result";
import { WorkflowStatus } from "../runtime/status";
import { readJournal } from "../record/journal-reader";
import { JournalReplay } from "../record/journal-replay";
import { runRecordPaths } from "../record/run-paths";
import { shellQuote } from "../commands/shell-quote";

/**
 * After a run that failed or was cancelled with its rollback off
 * (`--no-rollback`, or `rollback_on_failure: false`) and left work a
 * rollback would undo: that it is left as it is, the command that undoes it
 * and how to continue it instead. Such a run says neither on its own, since
 * nothing was rolled back. What is left to undo is what `momoflow rollback`
 * would undo, by the same replay of the run's journal: completed steps and
 * half-done ones (a step that failed part-way with an undo to run);
 * without a readable journal, nothing is said.
 */
export function rollbackOffHint(result: WorkflowResult, rollbackOff: boolean): string | undefined {
  if (!rollbackOff || !result.runDir) return undefined;
  if (result.status !== WorkflowStatus.FAILED && result.status !== WorkflowStatus.CANCELLED)
    return undefined;
  if (!leftToUndo(result.runDir)) return undefined;
  return `  left as it is (the rollback is off): momoflow rollback ${shellQuote(result.runDir)} undoes it; run it again with --resume to continue it`;
}

function leftToUndo(runDir: string): boolean {
  try {
    const { events } = readJournal(runRecordPaths(runDir).journal);
    return JournalReplay.of(events).undoPlan().toUndo.length > 0;
  } catch {
    return false;
  }
}
