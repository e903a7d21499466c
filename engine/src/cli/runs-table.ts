import { basename } from "node:path";
import type { RunSummary } from "../record/run-index";
import type { RunState } from "../record/run-state";
import { formatDuration } from "../units/quantity-text";
import { formatTime } from "../units/local-time";
import { shownPath } from "./diagnostic-format";
import type { TerminalStyle } from "./terminal-style";

/** A run as `momoflow runs` lists it. */
export interface ListedRun {
  summary: RunSummary;
  state: RunState;
}

/**
 * The runs as a table, newest first: when each started (local time), its
 * workflow, its file (left out when all share one, or none has one), how it
 * stands, how long it took, its steps that succeeded, and its run id.
 */
export function formatRunsTable(runs: readonly ListedRun[], style: TerminalStyle): string {
  const sources = new Set(runs.map((r) => r.summary.source));
  const withFile = sources.size > 1;
  const header = [
    "started",
    "workflow",
    ...(withFile ? ["file"] : []),
    "status",
    "time",
    "steps",
    "run",
  ];
  const rows = runs.map(({ summary, state }) => [
    formatTime(summary.startTime),
    summary.workflowId,
    ...(withFile ? [summary.source ? shownPath(summary.source) : "—"] : []),
    statusText(state),
    timeText(summary, state),
    stepsText(state),
    basename(summary.dir),
  ]);
  const statusColumn = withFile ? 3 : 2;
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c]!.length)));
  const line = (cells: string[], colour?: (cell: string, c: number) => string): string =>
    "  " +
    cells
      .map((cell, c) => {
        const padded = c === statusColumn + 1 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!);
        return colour ? colour(padded, c) : padded;
      })
      .join("  ")
      .trimEnd();
  return [
    style.dim(line(header)),
    ...runs.map((run, i) =>
      line(rows[i]!, (cell, c) =>
        c === statusColumn ? colourStatus(run.state, cell, style) : cell,
      ),
    ),
  ].join("\n");
}

/** How a run stands, in words: its status, `running (pid N)`, `killed`, `damaged record`. */
export function statusText(state: RunState): string {
  switch (state.kind) {
    case "ended":
      return state.resumedBy === undefined
        ? state.status
        : `${state.status} (resumed by ${state.resumedBy})`;
    case "running":
      return `running (pid ${state.pid})`;
    case "killed":
      return state.resumedBy === undefined ? "killed" : `killed (resumed by ${state.resumedBy})`;
    case "damaged":
      return "damaged record";
  }
}

function colourStatus(state: RunState, cell: string, style: TerminalStyle): string {
  if (state.kind === "ended") return style.status(state.status as never, cell);
  if (state.kind === "running") return style.status("running" as never, cell);
  return style.status("failed", cell);
}

function timeText(summary: RunSummary, state: RunState): string {
  if (state.kind === "ended" && state.durationMs !== undefined)
    return formatDuration(state.durationMs);
  if (state.kind === "running") return `${formatDuration(Date.now() - summary.startTime)} so far`;
  return "—";
}

function stepsText(state: RunState): string {
  if (state.kind !== "ended" || state.steps === undefined) return "—";
  const undone = state.rolledBack ? `, ${state.rolledBack} rolled back` : "";
  return `${state.succeeded} of ${state.steps} succeeded${undone}`;
}
