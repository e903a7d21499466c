import { shellQuote } from "../commands/shell-quote";
import { findLatestRun } from "../record/run-index";
import { runsDirOf } from "../record/run-paths";
import { shownPath } from "./diagnostic-format";

/**
 * For a `momoflow rollback` given no run: the latest run in `workdir` and the
 * command that undoes it, as the user can type it from here — never undone
 * by default, as a rollback changes files. Undefined when there is none.
 */
export function latestRunHint(workdir: string): string | undefined {
  const latest = findLatestRun(runsDirOf(workdir));
  if (latest === undefined) return undefined;
  const dir = shownPath(latest.dir);
  const from = latest.source !== undefined ? ` from ${shownPath(latest.source)}` : "";
  const status = latest.status ?? "did not finish (killed, or still running)";
  return (
    `the latest run here is ${dir} (workflow ${latest.workflowId}${from}, ${status}), which this undoes:\n` +
    `  momoflow rollback ${shellQuote(dir)}\n` +
    `(momoflow runs lists the runs here and how each stands)`
  );
}
