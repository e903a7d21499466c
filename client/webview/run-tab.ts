/** The Run tab: the last run's steps on a timeline, coloured by status, with their figures. */
import {
  callUndos,
  rowUndo,
  STEP_UNDO_LABEL,
  stepUndoMeaning,
  type StepUndo,
} from "../src/metrics/step-undo";
import type { RunView, StepMemory, StepView } from "../src/webview/protocol";
import type { ChartOptions } from "chart.js";
import { fittedCategoryLabel } from "./axis-label-fit";
import { makeChart } from "./charts";
import { badge, empty, h, section, table } from "./dom";
import { axisDuration, formatBytes, formatDuration, formatPercent, formatTime } from "./format";
import type { TabContext } from "./tab-context";
import { fanOutInstances } from "./fan-out-instances";
import { groupRun } from "./graph-node-runs";
import { statusColour, withAlpha } from "./theme";
import { timelineRows, type TimelineRow } from "./timeline-rows";
import { unfinishedRunText } from "./unfinished-run";

/** Draws the Run tab. */
export function renderRunTab(ctx: TabContext): void {
  const run = ctx.data.run;
  const unfinished = unfinishedRunText(ctx.data.history, run);
  if (unfinished) ctx.root.append(h("p", { class: "note unfinished-run", text: unfinished }));
  if (!run) {
    if (unfinished) return;
    ctx.root.append(
      empty(
        ctx.data.workflow
          ? `No finished run of ${ctx.data.workflow} yet. Run it (▶ Run above the workflow) and its timeline appears here.`
          : "No run yet. Run a workflow (▶ Run above it) and its timeline appears here.",
      ),
    );
    return;
  }
  ctx.root.append(runSummary(run));
  const timeline = section("Timeline");
  ctx.root.append(timeline);
  if (run.steps.length === 0) timeline.append(empty("This run has no steps."));
  else drawTimeline(ctx, timeline, run);
  // A run on workers (run --on): a lane per worker, its steps on it in time.
  if (run.steps.some((s) => s.worker !== undefined)) {
    const lanes = section("Workers");
    ctx.root.append(lanes);
    drawWorkerLanes(ctx, lanes, run);
  }
  if (run.omittedSteps > 0) {
    timeline.append(
      h("p", {
        class: "note",
        text: `The first ${run.steps.length} steps are shown; ${run.omittedSteps} more are in the run record.`,
      }),
    );
  }
  ctx.root.append(section("Steps", stepTable(ctx, run)));
}

function runSummary(run: RunView): HTMLElement {
  const facts: [string, string][] = [
    ["Workflow", run.version === undefined ? run.workflow : `${run.workflow} ${run.version}`],
    ["Run", run.runId],
    ["Started", formatTime(run.startTime)],
    ["Duration", formatDuration(run.durationMs)],
    ["Steps succeeded", formatPercent(run.successRate)],
  ];
  if (run.rolledBackSteps.length > 0) facts.push(["Rolled back", run.rolledBackSteps.join(", ")]);
  return h(
    "section",
    { class: "card summary", attrs: { "data-run-id": run.runId } },
    h("div", { class: "summary-status" }, badge(run.status)),
    h(
      "dl",
      { class: "facts" },
      ...facts.flatMap(([term, value]) => [h("dt", { text: term }), h("dd", { text: value })]),
    ),
    run.error ? h("pre", { class: "error", text: run.error }) : null,
    run.incompleteLogs
      ? h("p", { class: "incomplete-logs", text: sentence(run.incompleteLogs) })
      : null,
  );
}

/** A line of the CLI's (`the logs of steps … are incomplete: …`) as a sentence of the page. */
function sentence(line: string): string {
  return line.charAt(0).toUpperCase() + line.slice(1);
}

/**
 * At most this many rows on the timeline: taller, it is slow to draw and no
 * one reads it (the Steps table below lists every step).
 */
export const MAX_TIMELINE_ROWS = 50;

function drawTimeline(ctx: TabContext, parent: HTMLElement, run: RunView): void {
  const calls = callUndos(run.steps);
  const p = ctx.palette;
  const all = timelineRows(run.steps);
  const rows = all.slice(0, MAX_TIMELINE_ROWS);
  const colours = rows.map((r) => statusColour(r.status, p));
  const end = Math.max(run.durationMs, ...rows.map((r) => r.endMs), 1);
  makeChart(
    ctx.tab,
    parent,
    "timeline",
    Math.max(120, rows.length * 40 + 56),
    `Timeline of run ${run.runId}: ${run.steps.length} steps`,
    {
      type: "bar",
      data: {
        labels: rows.map((r) => [rowLabel(r), rowFigures(r)]),
        datasets: [
          {
            label: "steps",
            data: rows.map((r) => [r.startMs, r.endMs] as [number, number]),
            backgroundColor: colours.map((c) => withAlpha(c, 0.55)),
            borderColor: colours,
            borderWidth: 1,
            borderSkipped: false,
            minBarLength: 3,
            barPercentage: 0.75,
            categoryPercentage: 0.9,
          },
        ],
      },
      options: timeBarOptions(end, (item) => {
        const row = rows[item.dataIndex];
        return (
          row &&
          (row.group
            ? { title: rowLabel(row), lines: groupTooltip(row) }
            : stepTip(row.steps[0]!, calls))
        );
      }),
    },
  );
  if (all.length > rows.length) {
    const hidden = all.slice(rows.length).reduce((n, r) => n + r.steps.length, 0);
    parent.append(
      h("p", {
        class: "note timeline-more",
        text: `${all.length - rows.length} more rows (${hidden} steps) are not on the timeline; the Steps table lists them.`,
      }),
    );
  }
  const statuses = [...new Set(run.steps.map((s) => s.status))];
  parent.append(h("div", { class: "legend" }, ...statuses.map((s) => badge(s))));
}

/** A row's name: the step's id, or the fan-out's with how many instances (`convert ×1000`). */
function rowLabel(row: TimelineRow): string {
  return row.group ? `${row.id} ×${row.steps.length}` : row.id;
}

function rowFigures(row: TimelineRow): string {
  if (!row.group) return stepFigures(row.steps[0]!);
  return groupRun(row.steps).subtitle;
}

/** A fan-out row's tooltip: its instances' counts, its span, its first error. */
function groupTooltip(row: TimelineRow): string[] {
  const run = groupRun(row.steps);
  const lines = [run.subtitle];
  lines.push(`${formatDuration(row.endMs - row.startMs)}, from +${formatDuration(row.startMs)}`);
  if (run.error) lines.push(run.error.slice(0, 120));
  return lines;
}

/** What a bar's tooltip says. */
interface BarTip {
  title: string;
  lines: string[];
}

function stepTip(
  step: StepView | undefined,
  calls: ReadonlyMap<string, StepUndo>,
): BarTip | undefined {
  return step && { title: step.id, lines: stepTooltip(step, calls) };
}

/** One row per worker, each step a bar on its worker's row (steps that ran here: "here"). */
function drawWorkerLanes(ctx: TabContext, parent: HTMLElement, run: RunView): void {
  const calls = callUndos(run.steps);
  const p = ctx.palette;
  const ran = run.steps.filter((s) => s.attempts > 0);
  const workers = [...new Set(ran.map((s) => s.worker ?? "here"))].sort();
  const end = Math.max(run.durationMs, ...ran.map((s) => s.endMs), 1);
  makeChart(
    ctx.tab,
    parent,
    "workers",
    Math.max(100, workers.length * 44 + 56),
    `Steps of run ${run.runId} by worker: ${workers.length} worker${workers.length === 1 ? "" : "s"} (${workers.join(", ")})`,
    {
      type: "bar",
      data: {
        labels: workers,
        // A dataset per step: its bar only on its worker's row, all rows overlaid.
        datasets: ran.map((s) => {
          const colour = statusColour(s.status, p);
          return {
            label: s.id,
            data: workers.map((w) =>
              w === (s.worker ?? "here")
                ? ([s.startMs, Math.max(s.endMs, s.startMs)] as [number, number])
                : null,
            ),
            backgroundColor: withAlpha(colour, 0.55),
            borderColor: colour,
            borderWidth: 1,
            borderSkipped: false,
            minBarLength: 3,
            grouped: false,
            barPercentage: 0.7,
          };
        }),
      },
      options: timeBarOptions(end, (item) => stepTip(ran[item.datasetIndex], calls)),
    },
  );
}

/**
 * Horizontal bars on the run's time axis (0 … `end` ms), a step's figures in
 * the tooltip of each bar; `tipOf` says what a bar's tooltip says.
 */
function timeBarOptions(
  end: number,
  tipOf: (item: { dataIndex: number; datasetIndex: number }) => BarTip | undefined,
): ChartOptions<"bar"> {
  return {
    indexAxis: "y",
    scales: {
      x: {
        type: "linear",
        min: 0,
        max: end,
        title: { display: true, text: "time since the run started" },
        // No tick at the run's end beside the last round one: "500 ms570 ms" ran together.
        ticks: { callback: (value) => axisDuration(Number(value)), includeBounds: false },
      },
      y: { grid: { display: false }, ticks: { callback: fittedCategoryLabel } },
    },
    plugins: {
      legend: { display: false },
      tooltip: {
        callbacks: {
          title: (items) => (items[0] ? tipOf(items[0])?.title : undefined) ?? "",
          label: (item) => tipOf(item)?.lines ?? "",
        },
      },
    },
  };
}

function stepFigures(step: StepView): string {
  if (step.attempts === 0) return step.status.replace(/_/g, " ");
  const memory = step.memory === undefined ? "" : ` · ${memoryFigure(step.memory)}`;
  return `${formatDuration(step.durationMs)}${memory}`;
}

/** A step's memory figure with its kind, as the CLI's summary writes it. */
function memoryFigure(memory: StepMemory): string {
  return memory.kind === "child_peak"
    ? `${formatBytes(memory.bytes)} peak`
    : `+${formatBytes(memory.bytes)} heap`;
}

/** The memory figure in words, for the tooltip. */
function memoryWords(memory: StepMemory | undefined): string {
  if (memory === undefined) return "memory not measured";
  return memory.kind === "child_peak"
    ? `peak memory of its processes ${formatBytes(memory.bytes)}`
    : `engine heap grew by ${formatBytes(memory.bytes)} while it ran`;
}

function stepTooltip(step: StepView, calls: ReadonlyMap<string, StepUndo>): string[] {
  const lines = [`${step.status.replace(/_/g, " ")}`];
  if (step.attempts > 0) {
    lines.push(`${formatDuration(step.durationMs)}, from +${formatDuration(step.startMs)}`);
    lines.push(memoryWords(step.memory));
    if (step.attempts > 1) lines.push(`${step.attempts} attempts`);
  }
  if (step.worker) lines.push(`on worker ${step.worker}`);
  const { undo, call } = rowUndo(step, calls);
  lines.push(call ? `${STEP_UNDO_LABEL[undo]} (the steps it calls)` : STEP_UNDO_LABEL[undo]);
  if (step.error) lines.push(step.error.split("\n")[0]!.slice(0, 120));
  if (step.reason) lines.push(step.reason.slice(0, 120));
  return lines;
}

/** Rows of the Steps table drawn at first, and added by each "Show more". */
export const STEP_TABLE_PAGE = 100;

/**
 * Every step of the run, a row each, drawn a page at a time: a run of a
 * thousand steps is a thousand rows of ten cells, too many to draw at once.
 */
function stepTable(ctx: TabContext, run: RunView): HTMLElement {
  const steps = run.steps;
  const instances = fanOutInstances(steps);
  const calls = callUndos(steps);
  const rows = (from: number, to: number): HTMLTableRowElement[] =>
    steps.slice(from, to).map((s) => stepRow(ctx, run.runId, s, calls, instances.get(s.id)));
  const view = table(
    "steps",
    ["Step", "Status", "Tries", "Start", "Duration", "Memory", "Rollback", "Error", "Log"],
    [],
  );
  const body = view.tBodies[0]!;
  body.append(...rows(0, STEP_TABLE_PAGE));
  // Nine columns do not fit a narrow panel: the table scrolls sideways in its card.
  const scroller = h("div", { class: "table-scroll" }, view);
  if (steps.length <= STEP_TABLE_PAGE) return scroller;
  const more = h("button", { class: "link-button show-more", attrs: { type: "button" } });
  const label = (): void => {
    const left = steps.slice(body.rows.length);
    const attention = left.filter((s) => s.status !== "success" && s.status !== "skipped").length;
    more.textContent =
      `Show ${Math.min(STEP_TABLE_PAGE, left.length)} more of ${left.length} steps not shown` +
      (attention > 0 ? ` (${attention} not succeeded)` : "");
  };
  label();
  more.addEventListener("click", () => {
    body.append(...rows(body.rows.length, body.rows.length + STEP_TABLE_PAGE));
    if (body.rows.length >= steps.length) more.remove();
    else label();
  });
  return h("div", {}, scroller, more);
}

/**
 * A step's row. A fan-out's own step (`instances`: its instances in the run)
 * made no attempt of its own: it shows its instances' span and what a
 * rollback does to them, as the terminal's summary does.
 */
function stepRow(
  ctx: TabContext,
  runId: string,
  s: StepView,
  calls: ReadonlyMap<string, StepUndo>,
  instances?: readonly StepView[],
): HTMLTableRowElement {
  const fanOut = instances !== undefined && instances.length > 0 && s.attempts === 0;
  const timed = s.attempts > 0 || fanOut;
  const cells: (string | Node)[] = [
    h("span", { text: s.id, title: s.description ?? s.id }),
    // A skipped step says why under its status (its `when` as written): the Error column is for failures.
    s.reason === undefined
      ? badge(s.status)
      : h("span", {}, badge(s.status), h("span", { class: "reason", text: s.reason })),
    fanOut ? "—" : String(s.attempts),
    timed ? `+${formatDuration(s.startMs)}` : "—",
    timed ? formatDuration(s.durationMs) : "—",
    s.memory === undefined
      ? "—"
      : h("span", { text: memoryFigure(s.memory), title: memoryWords(s.memory) }),
    undoCell(fanOut ? instances[0]! : s, calls),
    s.error
      ? h("span", { class: "error-text", text: s.error.split("\n")[0]!, title: s.error })
      : "",
    logCell(ctx, runId, s),
  ];
  return h(
    "tr",
    { class: `step status-row-${s.status}` },
    ...cells.map((cell) =>
      typeof cell === "string" ? h("td", { text: cell }) : h("td", {}, cell),
    ),
  );
}

/**
 * A step row's log cell: its "Open log", and whether a full disk cut its log
 * short (a step that printed only after the logs stopped has none to open).
 */
function logCell(ctx: TabContext, runId: string, s: StepView): string | HTMLElement {
  if (!s.logIncomplete) return s.hasLog ? openLogButton(ctx, runId, s.id) : "";
  const mark = h("span", {
    class: "log-incomplete",
    text: "log incomplete",
    title: `The log of step ${s.id} misses some of what it printed: a write to the run's logs failed (a full disk?) and they were no longer written`,
  });
  return s.hasLog ? h("span", {}, openLogButton(ctx, runId, s.id), mark) : mark;
}

/** A step row's "Open log": the host opens the step's log in an editor. */
function openLogButton(ctx: TabContext, runId: string, step: string): HTMLElement {
  const button = h("button", {
    class: "link-button open-log",
    text: "Open log",
    title: `Open everything step ${step} printed (its log in the run record)`,
    attrs: { type: "button", "data-step": step },
  });
  button.addEventListener("click", () => ctx.post({ type: "openLog", runId, step }));
  return button;
}

/** What a rollback does to the step (to the steps it calls, for a call), in words; its meaning on hover. */
function undoCell(step: StepView, calls: ReadonlyMap<string, StepUndo>): HTMLElement {
  const { undo, call } = rowUndo(step, calls);
  return h("span", {
    class: `undo undo-${undo}`,
    text: STEP_UNDO_LABEL[undo],
    title: stepUndoMeaning(undo, call),
  });
}
