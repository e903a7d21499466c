import { basename } from "node:path";
import { recordedFoundUndone } from "../record/found-undone-text";
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
import { recordedIncompleteLogs, recordedIncompleteLogsOn } from "../record/incomplete-logs-text";
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
  const cutOn = recordedIncompleteLogsOn(file.incompleteLogsOn);
  if (Object.keys(cutOn).length > 0) run.incompleteLogsOn = cutOn;
  const again = recordedUndosRunAgain(file.undosRunAgain);
  if (again.length > 0) run.undosRunAgain = again;
  const foundUndone = recordedFoundUndone(file.foundUndone);
  if (foundUndone.length > 0) run.foundUndone = foundUndone;
  return run;
}

/**
 * The steps in the order the run's summary shows them: each fan-out step's
 * instances (and their called steps) right after it, where result.json
 * lists them after the steps declared (they are made as the run goes) — also
 * those of a fan-out step that is itself an instance's called step
 * (`deploy[0]/parts[1]` after `deploy[0]/parts`).
 */
function inRunOrder(steps: readonly ResultStep[]): ResultStep[] {
  const ids = new Set(steps.map((s) => s.id));
  const instancesOf = new Map<string, ResultStep[]>();
  for (const step of steps)
    if (step.instanceOf !== undefined) {
      const instances = instancesOf.get(step.instanceOf);
      if (instances) instances.push(step);
      else instancesOf.set(step.instanceOf, [step]);
    }
  const ordered: ResultStep[] = [];
  const place = (step: ResultStep): void => {
    ordered.push(step);
    for (const instance of instancesOf.get(step.id) ?? []) place(instance);
  };
  for (const step of steps)
    if (step.instanceOf === undefined || !ids.has(step.instanceOf)) place(step);
  return ordered;
}
