import { existsSync } from "node:fs";
import { join } from "node:path";
import type { DefinitionProblem } from "./definition";

/** What a run id given by the caller may be: one folder name, as `newRunId` makes them. */
const RUN_ID_PATTERN = /^[A-Za-z0-9_.-]{1,200}$/;

/**
 * What is wrong with a run id the caller chose (`ExecuteOptions.runId`): it
 * names the run's folder in `runsDir`, so a `/` or `..` would put the record
 * elsewhere (an empty one: in the runs folder itself), and an id already
 * used would append this run to that run's journal, which `rollbackRun`
 * could then no longer tell apart.
 *
 * @param runsDir the runs folder, or undefined when the run keeps no record.
 */
export function runIdProblems(runId: string, runsDir: string | undefined): DefinitionProblem[] {
  if (!RUN_ID_PATTERN.test(runId) || runId === "." || runId === "..") {
    return [
      {
        code: "invalid_option",
        message: `runId ${JSON.stringify(runId)} cannot name a run's folder: use 1 to 200 letters, digits, "_", "." and "-" (not "." or "..")`,
      },
    ];
  }
  if (runsDir !== undefined && existsSync(join(runsDir, runId))) {
    return [
      {
        code: "invalid_option",
        message: `runId "${runId}" is taken: ${join(runsDir, runId)} exists, and a run record is never written over`,
      },
    ];
  }
  return [];
}
