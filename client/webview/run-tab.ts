/** The Run tab: the last run's steps on a timeline, coloured by status, with their figures. */
import { STEP_UNDO_LABEL, STEP_UNDO_MEANING, stepUndo } from "../src/metrics/step-undo";
import type { RunView, StepMemory, StepView } from "../src/webview/protocol";
import type { ChartOptions } from "chart.js";
import { makeChart } from "./charts";
import { badge, empty, h, section, table } from "./dom";
import { axisDuration, formatBytes, formatDuration, formatPercent, formatTime } from "./format";
import type { TabContext } from "./tab-context";
import { statusColour, withAlpha } from "./theme";

/** Draws the Run tab. */
export function renderRunTab(ctx: TabContext): void {
  const run = ctx.data.run;
  if (!run) {
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
    ["Workflow", `${run.workflow} ${run.version}`],
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
  );
}

function drawTimeline(ctx: TabContext, parent: HTMLElement, run: RunView): void {
  const p = ctx.palette;
  const steps = run.steps;
  const colours = steps.map((s) => statusColour(s.status, p));
  const end = Math.max(run.durationMs, ...steps.map((s) => s.endMs), 1);
  makeChart(
    ctx.tab,
    parent,
    "timeline",
    Math.max(120, steps.length * 40 + 56),
    `Timeline of run ${run.runId}: ${steps.length} steps`,
    {
      type: "bar",
      data: {
        labels: steps.map((s) => [s.id, stepFigures(s)]),
        datasets: [
          {
            label: "steps",
            data: steps.map((s) => [s.startMs, Math.max(s.endMs, s.startMs)] as [number, number]),
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
      options: timeBarOptions(end, (item) => steps[item.dataIndex]),
    },
  );
  const statuses = [...new Set(steps.map((s) => s.status))];
  parent.append(h("div", { class: "legend" }, ...statuses.map((s) => badge(s))));
}

/** One row per worker, each step a bar on its worker's row (steps that ran here: "here"). */
function drawWorkerLanes(ctx: TabContext, parent: HTMLElement, run: RunView): void {
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
      options: timeBarOptions(end, (item) => ran[item.datasetIndex]),
    },
  );
}

/**
 * Horizontal bars on the run's time axis (0 … `end` ms), a step's figures in
 * the tooltip of each bar; `stepOf` says which step a bar is.
 */
function timeBarOptions(
  end: number,
  stepOf: (item: { dataIndex: number; datasetIndex: number }) => StepView | undefined,
): ChartOptions<"bar"> {
  return {
    indexAxis: "y",
    scales: {
      x: {
        type: "linear",
        min: 0,
        max: end,
        title: { display: true, text: "time since the run started" },
        ticks: { callback: (value) => axisDuration(Number(value)) },
      },
      y: { grid: { display: false } },
    },
    plugins: {
      legend: { display: false },
      tooltip: {
        callbacks: {
          title: (items) => (items[0] ? stepOf(items[0])?.id : undefined) ?? "",
          label: (item) => {
            const step = stepOf(item);
            return step ? stepTooltip(step) : "";
          },
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

function stepTooltip(step: StepView): string[] {
  const lines = [`${step.status.replace(/_/g, " ")}`];
  if (step.attempts > 0) {
    lines.push(`${formatDuration(step.durationMs)}, from +${formatDuration(step.startMs)}`);
    lines.push(memoryWords(step.memory));
    if (step.attempts > 1) lines.push(`${step.attempts} attempts`);
  }
  if (step.worker) lines.push(`on worker ${step.worker}`);
  lines.push(STEP_UNDO_LABEL[stepUndo(step)]);
  if (step.error) lines.push(step.error.split("\n")[0]!.slice(0, 120));
  return lines;
}

function stepTable(ctx: TabContext, run: RunView): HTMLElement {
  const steps = run.steps;
  return table(
    "steps",
    ["Step", "Status", "Tries", "Start", "Duration", "Memory", "Rollback", "Error", "Log"],
    steps.map((s) => [
      h("span", { text: s.id, title: s.description ?? s.id }),
      badge(s.status),
      String(s.attempts),
      s.attempts > 0 ? `+${formatDuration(s.startMs)}` : "—",
      s.attempts > 0 ? formatDuration(s.durationMs) : "—",
      s.memory === undefined
        ? "—"
        : h("span", { text: memoryFigure(s.memory), title: memoryWords(s.memory) }),
      undoCell(s),
      s.error
        ? h("span", { class: "error-text", text: s.error.split("\n")[0]!, title: s.error })
        : "",
      s.hasLog ? openLogButton(ctx, run.runId, s.id) : "",
    ]),
    (i) => `step status-row-${steps[i]!.status}`,
  );
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

/** What a rollback does to the step, in words; its meaning on hover. */
function undoCell(step: StepView): HTMLElement {
  const undo = stepUndo(step);
  return h("span", {
    class: `undo undo-${undo}`,
    text: STEP_UNDO_LABEL[undo],
    title: STEP_UNDO_MEANING[undo],
  });
}
