import { resolve } from "node:path";
import { shellQuote } from "../commands/shell-quote";
import { readLatestRunId, readRunSummary } from "../record/run-index";
import { runsDirOf } from "../record/run-paths";
import { runState } from "../record/run-state";
import { shownPath } from "./diagnostic-format";

/**
 * For `momoflow run`: when the latest run in `workdir` is of the same
 * workflow (and file) and was killed before it ended, a line saying that
 * what it did is still there and how to undo or take it over — a new run
 * would otherwise start on top of it unsaid. Undefined otherwise. Reads
 * only the latest run's record (`runs/latest`), not every run's.
 */
export function killedRunNotice(
  workdir: string,
  workflowId: string,
  source: string | undefined,
): string | undefined {
  const runsDir = runsDirOf(workdir);
  const runId = readLatestRunId(runsDir);
  if (runId === undefined) return undefined;
  const latest = readRunSummary(resolve(runsDir, runId));
  if (latest === undefined || latest.workflowId !== workflowId) return undefined;
  if (
    source !== undefined &&
    latest.source !== undefined &&
    resolve(latest.source) !== resolve(source)
  )
    return undefined;
  const state = runState(latest);
  if (state.kind !== "killed" || state.resumedBy !== undefined) return undefined;
  const dir = shellQuote(shownPath(latest.dir));
  return (
    `the last run of ${workflowId} here (${latest.runId}) was killed before it ended, and what it did is still there: ` +
    `momoflow rollback ${dir} undoes it; momoflow run --resume ${latest.runId} takes it over instead`
  );
}
