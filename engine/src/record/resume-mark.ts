import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import type { JournalReplay } from "./journal-replay";
import { isProcessAlive } from "./process-liveness";
import { readRunStart } from "./run-index";
import { runRecordPaths } from "./run-paths";

/**
 * The run that resumed the run in `runDir`, when one did and recorded its
 * start, or may still (its process lives): `momoflow rollback` of this run
 * must refuse then. A resuming run that ended before its start was in its
 * journal — killed, or its disk full — took nothing over: the steps are
 * this run's again.
 */
export function resumingRunOf(replay: JournalReplay, runDir: string): string | undefined {
  const by = replay.resumedBy;
  if (by === undefined) return undefined;
  if (readRunStart(runRecordPaths(join(dirname(runDir), by)).journal)) return by;
  const process = replay.resumedByProcess;
  // A mark from before the line named its process: its journal's presence is all there is.
  if (process === undefined)
    return existsSync(runRecordPaths(join(dirname(runDir), by)).journal) ? by : undefined;
  return isProcessAlive(process.pid, process.startTicks) ? by : undefined;
}
