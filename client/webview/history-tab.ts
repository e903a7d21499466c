/** The History tab: every run of the workflow, its duration as a bar coloured by status, and a table. */
import type { HistoryEntry } from "../src/webview/protocol";
import { makeChart } from "./charts";
import { badge, empty, h, scrollingTable, section, table } from "./dom";
import { axisDuration, formatDuration, formatShortTimes, formatTime } from "./format";
import type { TabContext } from "./tab-context";
import { statusColour, withAlpha } from "./theme";

/** Draws the History tab. */
export function renderHistoryTab(ctx: TabContext): void {
  const runs = ctx.data.history;
  if (runs.length === 0) {
    ctx.root.append(
      empty(
        "No runs of this workflow yet: each run started from the editor or the CLI appears here.",
      ),
    );
    return;
  }
  const finished = runs.filter((r) => r.durationMs !== undefined);
  const chartCard = section(`Duration of ${runs.length} run${runs.length === 1 ? "" : "s"}`);
  ctx.root.append(chartCard);
  if (finished.length === 0) {
    // Every bar would be an empty stub on an axis of nothing (0 to 1 ms): say it instead.
    chartCard.append(
      h("p", {
        class: "note no-durations",
        text: "No run here has a recorded duration (one still running, killed or damaged has none): durations appear once a run ends.",
      }),
    );
  } else drawDurations(ctx, chartCard, runs);
  const statuses = [...new Set(runs.map((r) => r.status))];
  chartCard.append(h("div", { class: "legend" }, ...statuses.map((s) => badge(s))));
  if (finished.length > 1) {
    const durations = finished.map((r) => r.durationMs!).sort((a, b) => a - b);
    const middle = medianOfSorted(durations);
    chartCard.append(
      h("p", {
        class: "note",
        text: `Median ${formatDuration(middle)}, fastest ${formatDuration(durations[0]!)}, slowest ${formatDuration(durations[durations.length - 1]!)}.`,
      }),
    );
  }
  const newestFirst = [...runs].reverse();
  ctx.root.append(
    section(
      "Runs",
      scrollingTable(
        table(
          "history",
          ["Started", "Status", "Duration", "Steps succeeded", "Run"],
          newestFirst.map((r) => [
            formatTime(r.startTime),
            statusCell(r),
            r.durationMs === undefined ? "—" : formatDuration(r.durationMs),
            stepsCell(r),
            h("code", { text: r.runId }),
          ]),
          () => "run",
        ),
      ),
    ),
  );
}

/** The bar chart of the runs' durations, coloured by status. */
function drawDurations(
  ctx: TabContext,
  chartCard: HTMLElement,
  runs: readonly HistoryEntry[],
): void {
  const p = ctx.palette;
  const colours = runs.map((r) => statusColour(r.status, p));
  makeChart(ctx.tab, chartCard, "history", 240, `Duration of the last ${runs.length} runs`, {
    type: "bar",
    data: {
      labels: formatShortTimes(runs.map((r) => r.startTime)),
      datasets: [
        {
          label: "duration",
          data: runs.map((r) => r.durationMs ?? 0),
          backgroundColor: colours.map((c) => withAlpha(c, 0.6)),
          borderColor: colours,
          borderWidth: 1,
          minBarLength: 2,
          maxBarThickness: 48,
        },
      ],
    },
    options: {
      scales: {
        y: {
          beginAtZero: true,
          title: { display: true, text: "duration" },
          ticks: { callback: (value) => axisDuration(Number(value)) },
        },
        x: { grid: { display: false } },
      },
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            title: (items) => runs[items[0]?.dataIndex ?? 0]?.runId ?? "",
            label: (item) => historyTooltip(runs[item.dataIndex]!),
          },
        },
      },
    },
  });
}

/**
 * The "Status" cell: the badge, and under it the undos the run's rollbacks
 * ran again from their start, as `momoflow runs <run>` says them — an undo
 * not safe to repeat may have run twice, which the user should see here too
 * —, the steps a rollback found undone already on their workers, and the
 * steps whose logs a full disk cut short.
 */
function statusCell(run: HistoryEntry): HTMLElement {
  if (!run.undosRunAgain?.length && !run.foundUndone?.length && !run.incompleteLogs)
    return badge(run.status);
  return h(
    "span",
    {},
    badge(run.status),
    run.undosRunAgain?.length
      ? h("ul", { class: "undos-run-again" }, ...run.undosRunAgain.map((text) => h("li", { text })))
      : null,
    run.foundUndone?.length
      ? h("ul", { class: "found-undone" }, ...run.foundUndone.map((text) => h("li", { text })))
      : null,
    run.incompleteLogs ? h("p", { class: "incomplete-logs", text: run.incompleteLogs }) : null,
  );
}

/** The "Steps succeeded" cell: the count, or for a damaged run which file and what is wrong. */
function stepsCell(run: HistoryEntry): string | HTMLElement {
  if (run.damaged) return h("span", { class: "damaged", text: damagedText(run.damaged) });
  return run.steps === undefined ? "—" : `${run.succeeded} of ${run.steps}`;
}

function damagedText(damaged: NonNullable<HistoryEntry["damaged"]>): string {
  return `${damaged.file} is damaged: ${damaged.problem}`;
}

function historyTooltip(run: HistoryEntry): string[] {
  const lines = [run.status.replace(/_/g, " ")];
  if (run.damaged) lines.push(damagedText(run.damaged));
  if (run.durationMs !== undefined) lines.push(formatDuration(run.durationMs));
  if (run.steps !== undefined) lines.push(`${run.succeeded} of ${run.steps} steps succeeded`);
  const again = run.undosRunAgain?.length ?? 0;
  if (again > 0)
    lines.push(`${again} undo${again === 1 ? "" : "s"} run again from the start (see Runs)`);
  const found = run.foundUndone?.length ?? 0;
  if (found > 0)
    lines.push(
      `${found} step${found === 1 ? "" : "s"} found undone already on ${found === 1 ? "its worker" : "their workers"} (see Runs)`,
    );
  if (run.incompleteLogs) lines.push("some steps' logs are incomplete (see Runs)");
  lines.push(formatTime(run.startTime));
  return lines;
}

/**
 * The median of ascending `values`: the middle one, or of an even count the
 * mean of the two middle ones (as momoflow bench takes it; the page cannot
 * load @momoflow/bench, which holds Node code).
 */
function medianOfSorted(values: readonly number[]): number {
  const half = Math.floor(values.length / 2);
  return values.length % 2 === 1 ? values[half]! : (values[half - 1]! + values[half]!) / 2;
}
