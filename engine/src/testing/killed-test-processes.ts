import { readdirSync } from "node:fs";
import { join } from "node:path";
import { readJournal } from "../record/journal-reader";
import { recordedProcesses, stopLeftoverProcesses } from "../record/leftover-processes";
import { runRecordPaths, runsDirOf } from "../record/run-paths";

/**
 * Stops what the runs of a test whose `momoflow test` was killed (SIGKILL, a
 * crash) left running: the process groups their shell actions started, as
 * their journals recorded them (`step_process`), in the test's working
 * folder — as `momoflow rollback` stops a killed run's before it undoes
 * anything. Called before that folder is removed: with it goes the only
 * record of them, and a `sleep infinity` or a server on a port would run on,
 * in the way of the next run of the test. A run that ended left nothing.
 */
export async function stopKilledTestProcesses(folder: string): Promise<void> {
  const runsDir = runsDirOf(folder);
  let runs: string[];
  try {
    runs = readdirSync(runsDir);
  } catch {
    return;
  }
  for (const run of runs) {
    let events;
    try {
      events = readJournal(runRecordPaths(join(runsDir, run)).journal).events;
    } catch {
      continue; // No run there (`latest`, a folder without a journal): nothing recorded.
    }
    if (events.some((e) => e.type === "run_finished")) continue;
    await stopLeftoverProcesses(recordedProcesses(events));
  }
}
