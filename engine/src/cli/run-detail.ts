import { basename } from "node:path";
import { readCheckedResultFile } from "../record/checked-result-file";
import type { ResultStep, RunResultFile } from "../record/result-file";
import { runRecordPaths } from "../record/run-paths";
import type { RunSummary } from "../record/run-index";
import { runState } from "../record/run-state";
import { FinishedStepResult } from "../runtime/result";
import { shownPath } from "./diagnostic-format";
import { statusText } from "./runs-table";
import { formatTime } from "../units/local-time";
import { formatSummary, type SummarizedRun } from "./summary-table";
import type { TerminalStyle } from "./terminal-style";
import { recordedUndosRunAgain } from "../record/undo-run-again-text";
import { recordedIncompleteLogs } from "../record/incomplete-logs-text";
import { shellQuote } from "../commands/shell-quote";

/**
 * One run as `momoflow runs <run>` shows it: a line naming it (its workflow,
 * file and start), then the summary its run printed at its end, read back
 * from its result.json (and the undos its rollbacks ran again, which the
 * rollbacks said); for a run with no end recorded, how it stands and
 * what undoes it.
 */
export function formatRunDetail(summary: RunSummary, style: TerminalStyle): string {
  const from = summary.source !== undefined ? ` from ${shownPath(summary.source)}` : "";
  const head = `run ${basename(summary.dir)} · workflow ${summary.workflowId}${from} · started ${formatTime(summary.startTime)}\n`;
  const { result } = readCheckedResultFile(runRecordPaths(summary.dir).result);
  if (result) return head + formatSummary(summarizedRun(result, summary.dir), style);
  const state = runState(summary);
  const lines = [`  ${statusText(state)}`];
  if (state.kind === "killed" && state.resumedBy === undefined)
    lines.push(
      `  no end recorded and its process is gone: its steps may be half-done; momoflow rollback ${shellQuote(shownPath(summary.dir))} undoes them`,
    );
  if (state.kind === "damaged")
    lines.push(`  ${shownPath(runRecordPaths(summary.dir).result)} is damaged: ${state.problem}`);
  lines.push(style.dim(`  run record: ${summary.dir}`));
  return head + lines.join("\n") + "\n";
}

/** A run's result.json as the summary reads a run. */
function summarizedRun(file: RunResultFile, dir: string): SummarizedRun {
  const run: SummarizedRun = {
    workflowId: file.workflow.id,
    status: file.status,
    // Fields of the file's steps the summary does not read (needs, reversible…) are not kept.
    stepResults: inRunOrder(file.steps).map(
      (step) => new FinishedStepResult({ ...step, stepId: step.id }),
    ),
    metrics: file.metrics,
    successRate: file.successRate,
    rolledBackSteps: file.rolledBackSteps ?? [],
    runDir: dir,
  };
  if (file.error !== undefined) run.error = file.error;
  const incomplete = recordedIncompleteLogs(file.incompleteLogs);
  if (incomplete.length > 0) run.incompleteLogs = incomplete;
  const again = recordedUndosRunAgain(file.undosRunAgain);
  if (again.length > 0) run.undosRunAgain = again;
  return run;
}

/**
 * The steps in the order the run's summary shows them: each fan-out step's
 * instances (and their called steps) right after it, where result.json
 * lists them after the steps declared (they are made as the run goes).
 */
function inRunOrder(steps: readonly ResultStep[]): ResultStep[] {
  const instancesOf = new Map<string, ResultStep[]>();
  for (const step of steps)
    if (step.instanceOf !== undefined)
      instancesOf.set(step.instanceOf, [...(instancesOf.get(step.instanceOf) ?? []), step]);
  const ordered: ResultStep[] = [];
  for (const step of steps) {
    if (step.instanceOf !== undefined && steps.some((s) => s.id === step.instanceOf)) continue;
    ordered.push(step, ...(instancesOf.get(step.id) ?? []));
  }
  return ordered;
}
