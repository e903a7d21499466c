import type { FinishedStepResult, WorkflowResult } from "../runtime/result";
import { escapedControlCharacters } from "../commands/escaped-control-characters";
import { isMeasured, stepMemoryOf } from "../runtime/metrics";
import { StepStatus } from "../runtime/status";
import { formatStepMemory } from "../units/step-memory-text";
import type { TerminalStyle } from "./terminal-style";
import { formatDuration } from "../units/quantity-text";
import { fanOutFigure } from "./fan-out-summary";
import { callFigure } from "./call-summary";
import { listedRows, unlistedLine, type RowFacts } from "./summary-rows";
import { STEPS_NAMED_IN_FULL, stepNamesText } from "./step-names-text";
import { notRunAfterTimeoutText } from "./timed-out-run";
import { NOT_RUN_AFTER_TIMEOUT } from "../runtime/not-run-after-timeout";
import type { UndoRunAgain } from "../runtime/rollback-undos-run-again";
import { undoRunAgainLine } from "../record/undo-run-again-text";
import { incompleteLogsLine } from "../record/incomplete-logs-text";
import { foundUndoneLine } from "../record/found-undone-text";
import { shellQuote } from "../commands/shell-quote";

/**
 * What the summary reads of a run: its {@link WorkflowResult}, or one read
 * back from its result.json — then also the undos its rollbacks ran again.
 */
export type SummarizedRun = { undosRunAgain?: readonly UndoRunAgain[] } & Pick<
  WorkflowResult,
  | "workflowId"
  | "status"
  | "stepResults"
  | "metrics"
  | "successRate"
  | "rolledBackSteps"
  | "error"
  | "recordError"
  | "incompleteLogs"
  | "incompleteLogsOn"
  | "foundUndone"
  | "runDir"
>;

/**
 * The end-of-run summary: one row per step (status, attempts, time, memory,
 * and a note when a step was reused, ran again or was up to date), then the totals.
 */
export function formatSummary(
  result: SummarizedRun,
  style: TerminalStyle,
  /** The runs whose attempts of a step this run took over (`--resume`), by step id: said where nothing else is. */
  takenOver: ReadonlyMap<string, readonly string[]> = new Map(),
): string {
  const fanOuts = result.stepResults.map((_, i) => fanOutFigure(result.stepResults, i));
  const notes = result.stepResults.map(
    (r, i) =>
      fanOuts[i] ??
      callFigure(result.stepResults, i) ??
      (stepNote(r) || takenOverNote(takenOver.get(r.stepId))),
  );
  const facts = result.stepResults.map((r, i) => ({
    status: r.status,
    noted: notes[i] !== "",
    durationMs: r.metrics.durationMs,
  }));
  const listed = listedRows(facts);
  const noted = notes.some((n, i) => n !== "" && listed.has(i));
  // Not rolled back (what this run did in them stays): only what a resumed run did in them was undone.
  const earlierOnly = result.stepResults.filter((r) => r.earlierUndone).map((r) => r.stepId);
  const shown = result.stepResults.flatMap((r, i) => (listed.has(i) ? [[r, i] as const] : []));
  const rows = shown.map(([r, i]) => [
    r.stepId,
    r.status,
    fanOuts[i] === undefined ? String(r.attempts) : "—",
    (r.attempts > 0 || fanOuts[i] !== undefined) && isMeasured(r.metrics)
      ? formatDuration(r.metrics.durationMs)
      : "—",
    r.attempts > 0 && isMeasured(r.metrics) ? formatStepMemory(stepMemoryOf(r.metrics)) : "—",
    ...(noted ? [notes[i]!] : []),
  ]);
  const header = ["step", "status", "tries", "time", "memory", ...(noted ? ["note"] : [])];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c]!.length)));
  const line = (cells: string[], colour?: (cell: string, c: number) => string): string =>
    "  " +
    cells
      .map((cell, c) => {
        const padded = c >= 2 && c <= 4 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!);
        return colour ? colour(padded, c) : padded;
      })
      .join("  ")
      .trimEnd();
  const out = [
    "",
    style.dim(line(header)),
    ...rows.map((row) =>
      line(row, (cell, c) => (c === 1 ? style.status(row[1] as never, cell) : cell)),
    ),
    ...unlisted(facts, listed, result.runDir, style),
    "",
    `  ${style.status(result.status, style.bold(result.status))}  ${formatDuration(result.metrics.durationMs)}` +
      `  ·  ${Math.round(result.successRate * 100)}% of steps succeeded` +
      rolledBackText(result.rolledBackSteps) +
      (earlierOnly.length ? `  ·  earlier attempt undone: ${earlierOnly.join(", ")}` : ""),
  ];
  // A step's error may hold what a program printed: no terminal codes of it reach the terminal.
  if (result.error) out.push(`  ${style.status("failed", escapedControlCharacters(result.error))}`);
  const afterTimeout = notRunAfterTimeoutText(result);
  if (afterTimeout) out.push(`  ${afterTimeout}`);
  for (const u of result.undosRunAgain ?? []) out.push(`  ${undoRunAgainLine(u)}`);
  for (const f of result.foundUndone ?? []) out.push(`  ${foundUndoneLine(f)}`);
  // The run's error names the record's already when the record's failure ended it.
  if (result.recordError && !result.error?.includes(result.recordError))
    out.push(`  ${style.status("failed", result.recordError)}`);
  if (result.incompleteLogs?.length)
    out.push(`  ${incompleteLogsLine(result.incompleteLogs, result.incompleteLogsOn)}`);
  if (result.runDir) {
    out.push(style.dim(`  run record: ${result.runDir}`));
    // A run whose start could not be recorded ran nothing: there is nothing to roll back.
    if (result.recordError && result.stepResults.some((r) => r.status !== StepStatus.NOT_RUN))
      out.push(
        `  the journal holds what happened up to the failed write; once there is room, ${style.bold(`momoflow rollback ${shellQuote(result.runDir)}`)} works from it`,
      );
  }
  return out.join("\n") + "\n";
}

/** The dim line standing for the rows not listed, if any. */
function unlisted(
  facts: readonly RowFacts[],
  listed: ReadonlySet<number>,
  runDir: string | undefined,
  style: TerminalStyle,
): string[] {
  const text = unlistedLine(facts, listed, runDir);
  return text === undefined ? [] : [style.dim(`  ${text}`)];
}

/**
 * The steps the rollback undid, in its order: each of a few, or how many with
 * the first and last ones (see {@link stepNamesText}).
 */
function rolledBackText(ids: readonly string[]): string {
  if (ids.length === 0) return "";
  if (ids.length <= STEPS_NAMED_IN_FULL) return `  ·  rolled back: ${ids.join(", ")}`;
  return `  ·  rolled back ${ids.length} steps: ${stepNamesText(ids)}`;
}

/** A step whose earlier attempts, made by the runs `from`, this run took over (and its rollback undoes). */
function takenOverNote(from: readonly string[] | undefined): string {
  if (from === undefined || from.length === 0) return "";
  return `took over what run ${from.join(", ")} did in it`;
}

/**
 * Why a step did not simply run: reused from the resumed run, changed since
 * it, or up to date; or why it does not read `rolled_back` after the run's
 * rollback undid what the resumed run did in it.
 */
function stepNote(r: FinishedStepResult): string {
  if (r.earlierUndone !== undefined)
    return `this run's attempt not undone; what run ${r.earlierUndone.join(", ")} did in it was`;
  if (r.reusedFrom !== undefined) return `reused from run ${r.reusedFrom}`;
  if (r.changedSince !== undefined) return `changed since run ${r.changedSince}`;
  if (r.upToDate) return "up to date";
  // Said once, under the run's error, for all the steps the timeout left unstarted (see timed-out-run).
  if (r.reason === NOT_RUN_AFTER_TIMEOUT) return "";
  return r.reason ?? "";
}
