/**
 * The Benchmarks tab, from `.momoflow/bench/latest.json`: execution scaling
 * with its least-squares line, rollback cost per failure position, command
 * overhead, every figure's ratio to the baseline, and the language's figures.
 * Its buttons ask the host to run `momoflow bench` in a task.
 */
import type { BenchView } from "../src/webview/protocol";
import { fittedCategoryLabel } from "./axis-label-fit";
import { makeChart } from "./charts";
import { empty, h, scrollingTable, section, table } from "./dom";
import {
  axisMicros,
  axisPowerOfTen,
  formatBytes,
  formatDuration,
  formatMicros,
  formatRatio,
  formatTime,
} from "./format";
import type { TabContext } from "./tab-context";
import { withAlpha, type Palette } from "./theme";

/** Draws the Benchmarks tab. */
export function renderBenchTab(ctx: TabContext): void {
  ctx.root.append(actions(ctx));
  const bench = ctx.data.bench;
  if (!bench) {
    ctx.root.append(
      empty(
        "No benchmark report yet (.momoflow/bench/latest.json). Run the benchmarks to make one.",
      ),
    );
    return;
  }
  ctx.root.append(header(bench));
  scaling(ctx, bench);
  rollback(ctx, bench);
  commands(ctx, bench);
  ratios(ctx, bench);
  language(ctx, bench);
  ctx.root.append(
    section(
      "Scalability and memory",
      scrollingTable(
        table(
          "scalability",
          ["Steps", "Per step, record off", "Per step, record on", "Record cost"],
          bench.scalability.map((row) => [
            row.steps.toLocaleString("en-US"),
            formatMicros(row.journalOffPerStepUs),
            formatMicros(row.journalOnPerStepUs),
            formatRatio(row.journalCostRatio),
          ]),
        ),
      ),
      scrollingTable(
        table(
          "memory",
          ["Steps", "Peak RSS per step", "Heap kept per step"],
          bench.memory.map((row) => [
            row.steps.toLocaleString("en-US"),
            formatBytes(Math.max(0, row.peakRssDeltaBytesPerStep)),
            formatBytes(Math.max(0, row.retainedHeapBytesPerStep)),
          ]),
        ),
      ),
    ),
  );
}

function actions(ctx: TabContext): HTMLElement {
  const full = h("button", {
    class: "button",
    text: "Run benchmarks",
    title: "Run momoflow bench in a task (the report replaces .momoflow/bench/latest.json)",
    attrs: { type: "button", id: "run-benchmarks" },
  });
  full.addEventListener("click", () => ctx.post({ type: "runBenchmarks" }));
  return h(
    "div",
    { class: "actions" },
    full,
    h("span", { class: "note", text: "momoflow bench, in a terminal: about a minute." }),
  );
}

function header(bench: BenchView): HTMLElement {
  return h(
    "section",
    { class: "card summary" },
    h(
      "dl",
      { class: "facts" },
      ...(
        [
          ["Measured", formatTime(Date.parse(bench.createdAt))],
          ["Profile", bench.profile],
          ["Suite time", formatDuration(bench.durationMs)],
          ["Machine", bench.machine],
          ["Baseline", `${formatMicros(bench.baselineUs)} per call: ${bench.baselineDescription}`],
        ] as const
      ).flatMap(([term, value]) => [h("dt", { text: term }), h("dd", { text: value })]),
    ),
  );
}

function scaling(ctx: TabContext, bench: BenchView): void {
  const p = ctx.palette;
  const { samples, medians, fit } = bench.scaling;
  const card = section("Execution scaling");
  ctx.root.append(card);
  card.append(
    h("p", {
      class: "note",
      text:
        `Least squares over ${fit.n} runs: ${formatMicros(fit.slope)} per step + ${formatMicros(fit.intercept)} per run ` +
        `(r² = ${fit.r2.toFixed(3)}).`,
    }),
  );
  const xs = medians.map((m) => m.steps);
  const x0 = Math.min(0, ...xs);
  const x1 = Math.max(1, ...xs);
  makeChart(
    ctx.tab,
    card,
    "scaling",
    280,
    "Total run time against steps, with the least-squares line",
    {
      type: "scatter",
      data: {
        datasets: [
          {
            label: "runs",
            data: samples.map((pt) => ({ x: pt.steps, y: pt.totalUs })),
            backgroundColor: withAlpha(p.blue, 0.35),
            borderColor: withAlpha(p.blue, 0.6),
            pointRadius: 3,
          },
          {
            label: "median",
            data: medians.map((m) => ({ x: m.steps, y: m.totalUs })),
            backgroundColor: p.blue,
            borderColor: p.foreground,
            pointRadius: 5,
            pointStyle: "rectRot",
          },
          {
            type: "line",
            label: "least-squares fit",
            data: [
              { x: x0, y: fit.intercept + fit.slope * x0 },
              { x: x1, y: fit.intercept + fit.slope * x1 },
            ],
            borderColor: p.orange,
            backgroundColor: p.orange,
            borderWidth: 2,
            borderDash: [6, 4],
            pointRadius: 0,
          },
        ],
      },
      options: {
        scales: {
          x: { type: "linear", title: { display: true, text: "steps" } },
          y: {
            type: "linear",
            title: { display: true, text: "total time" },
            ticks: { callback: (v) => axisMicros(Number(v)) },
          },
        },
        plugins: {
          tooltip: {
            callbacks: {
              label: (item) =>
                `${item.dataset.label}: ${Number(item.parsed.x).toLocaleString("en-US")} steps, ${formatMicros(Number(item.parsed.y))}`,
            },
          },
        },
      },
    },
  );
  card.append(
    scrollingTable(
      table(
        "scaling",
        ["Steps", "Median total", "Per step", "× baseline"],
        medians.map((m) => [
          m.steps.toLocaleString("en-US"),
          formatMicros(m.totalUs),
          formatMicros(m.perStepUs),
          formatRatio(m.ratioToBaseline),
        ]),
      ),
    ),
  );
}

function rollback(ctx: TabContext, bench: BenchView): void {
  const p = ctx.palette;
  const positions = bench.rollback.positions;
  const card = section(
    `Rollback cost (${bench.rollback.steps.toLocaleString("en-US")} reversible steps)`,
  );
  ctx.root.append(card);
  makeChart(
    ctx.tab,
    card,
    "rollback",
    220,
    "Rollback per undone step and forward per step, by failure position",
    {
      type: "bar",
      data: {
        labels: positions.map(
          (pos) => `${pos.position} (${pos.undoneSteps.toLocaleString("en-US")} undone)`,
        ),
        datasets: [
          {
            label: "rollback per undone step",
            data: positions.map((pos) => pos.perUndoneStepUs),
            backgroundColor: withAlpha(p.orange, 0.7),
            borderColor: p.orange,
            borderWidth: 1,
          },
          {
            label: "forward per step",
            data: positions.map((pos) => pos.forwardPerStepUs),
            backgroundColor: withAlpha(p.blue, 0.7),
            borderColor: p.blue,
            borderWidth: 1,
          },
        ],
      },
      options: {
        scales: { y: { beginAtZero: true, ticks: { callback: (v) => axisMicros(Number(v)) } } },
        plugins: {
          tooltip: {
            callbacks: {
              label: (item) => `${item.dataset.label}: ${formatMicros(Number(item.parsed.y))}`,
            },
          },
        },
      },
    },
  );
  card.append(
    h("p", {
      class: "note",
      text:
        "Rollback ÷ forward: " +
        positions
          .map((pos) => `${pos.position} ${formatRatio(pos.rollbackToForwardRatio)}`)
          .join(", ") +
        " (momo-workflow promised under 2×).",
    }),
  );
}

function commands(ctx: TabContext, bench: BenchView): void {
  const p = ctx.palette;
  const ops = bench.commands.operations;
  const card = section("Command overhead");
  ctx.root.append(card);
  makeChart(
    ctx.tab,
    card,
    "commands",
    Math.max(140, ops.length * 30 + 50),
    "Median time per command operation",
    {
      type: "bar",
      data: {
        labels: ops.map((o) => o.id),
        datasets: [
          {
            label: "per operation",
            data: ops.map((o) => o.medianUs),
            backgroundColor: withAlpha(p.purple, 0.7),
            borderColor: p.purple,
            borderWidth: 1,
          },
        ],
      },
      options: {
        indexAxis: "y",
        scales: {
          x: { beginAtZero: true, ticks: { callback: (v) => axisMicros(Number(v)) } },
          y: { ticks: { callback: fittedCategoryLabel } },
        },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: (item) =>
                `${ops[item.dataIndex]!.description}: ${formatMicros(Number(item.parsed.x))} (${formatRatio(ops[item.dataIndex]!.ratioToBaseline)} baseline)`,
            },
          },
        },
      },
    },
  );
  card.append(
    h("p", {
      class: "note",
      text:
        `The registry's execute wrapper adds ${formatMicros(bench.commands.invokeOverheadUs)} per call; ` +
        `a CommandStep adds ${formatMicros(bench.commands.commandStepOverheadUs)} (engine excluded).`,
    }),
  );
}

const GROUP_COLOURS: Record<string, keyof Palette> = {
  scaling: "blue",
  scalability: "green",
  rollback: "orange",
  commands: "purple",
  language: "yellow",
};

function ratios(ctx: TabContext, bench: BenchView): void {
  const p = ctx.palette;
  const rows = bench.ratios.filter((r) => Number.isFinite(r.ratio) && r.ratio > 0);
  const card = section(
    `Compared with the baseline (${formatMicros(bench.baselineUs)} per awaited no-op)`,
  );
  ctx.root.append(card);
  const colour = (group: string): string => String(p[GROUP_COLOURS[group] ?? "muted"]);
  makeChart(
    ctx.tab,
    card,
    "ratios",
    Math.max(160, rows.length * 22 + 60),
    "Each figure's ratio to the baseline",
    {
      type: "bar",
      data: {
        labels: rows.map((r) => r.label),
        datasets: [
          {
            label: "× baseline",
            data: rows.map((r) => r.ratio),
            backgroundColor: rows.map((r) => withAlpha(colour(r.group), 0.7)),
            borderColor: rows.map((r) => colour(r.group)),
            borderWidth: 1,
          },
        ],
      },
      options: {
        indexAxis: "y",
        scales: {
          x: {
            type: "logarithmic",
            title: { display: true, text: "× baseline (log scale)" },
            ticks: { callback: (v) => axisPowerOfTen(Number(v)), autoSkip: false },
          },
          y: { grid: { display: false }, ticks: { callback: fittedCategoryLabel } },
        },
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: (item) => formatRatio(Number(item.parsed.x)) } },
        },
      },
    },
  );
}

function language(ctx: TabContext, bench: BenchView): void {
  const lang = bench.language;
  if (!lang) return;
  const goal = lang.goal;
  ctx.root.append(
    section(
      `Language: parse and check (${lang.lines.toLocaleString("en-US")} lines, ${formatBytes(lang.bytes)})`,
      h(
        "p",
        { class: `goal ${goal.met ? "met" : "missed"}` },
        h("span", {
          class: `badge status-${goal.met ? "success" : "failed"}`,
          text: goal.met ? "goal met" : "goal missed",
        }),
        ` ${goal.description}: ${goal.medianMs.toFixed(1)} ms (limit ${goal.limitMs} ms)`,
      ),
      scrollingTable(
        table(
          "language",
          ["Operation", "Median", "Throughput", "× lexer", "× baseline"],
          lang.operations.map((o) => [
            h("span", { text: o.id, title: o.description }),
            formatMicros(o.medianUs),
            o.throughputMBps === undefined ? "—" : `${o.throughputMBps.toFixed(1)} MB/s`,
            formatRatio(o.ratioToLexer),
            formatRatio(o.ratioToBaseline),
          ]),
        ),
      ),
    ),
  );
}
