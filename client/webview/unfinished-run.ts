/**
 * What the Run tab says of the workflow's newest run when it has no figures
 * yet: still running, or killed. The tab draws the last finished run (or
 * nothing), which without this line reads as if that were the newest.
 */
import type { HistoryEntry, RunView } from "../src/webview/protocol";
import { formatTime } from "./format";

/**
 * The sentence about the newest run of `history` (oldest first) when it is
 * `running` or `killed` and is not `run`, the run the tab draws; undefined
 * otherwise.
 */
export function unfinishedRunText(
  history: readonly HistoryEntry[],
  run: Pick<RunView, "runId"> | null,
): string | undefined {
  const newest = history[history.length - 1];
  if (!newest || newest.runId === run?.runId) return undefined;
  const which = `Run ${newest.runId}, started ${formatTime(newest.startTime)}`;
  const below = run ? ` Below: the last finished run, ${run.runId}.` : "";
  if (newest.status === "running")
    return `${which}, is still running: its figures are shown here once it ends.${below}`;
  if (newest.status === "killed")
    return (
      `${which}, was killed: it recorded no end, so it has no figures, and its steps may be ` +
      `half-done (↶ Rollback undoes them, ↻ Resume goes on with it).${below}`
    );
  return undefined;
}
