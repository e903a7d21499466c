import { readJournal } from "../record/journal-reader";
import { runRecordPaths } from "../record/run-paths";
// A names-only module: reading it does not load BullMQ.
import { REMOTE_UNDO_COMMAND } from "../distributed/queue-names";

/** Whether a run's steps ran on workers (`run --on`): its undos go through Redis. */
export function ranOnWorkers(runDir: string): boolean {
  try {
    return readJournal(runRecordPaths(runDir).journal).events.some(
      (e) =>
        (e.type === "step_started" || e.type === "step_earlier_attempts") &&
        e.undo?.command === REMOTE_UNDO_COMMAND,
    );
  } catch {
    return false;
  }
}
