/**
 * Chart.js, bundled (nothing is loaded from elsewhere), with only the parts
 * the page uses, themed from VS Code's colours. Every chart is made through
 * {@link makeChart}; a small plugin records on each canvas how many elements
 * it drew (`data-elements`, per dataset): the page's tests read that.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  ScatterController,
  Tooltip,
  type ChartConfiguration,
  type ChartType,
  type DefaultDataPoint,
} from "chart.js";
import { h } from "./dom";
import { palette, type Palette } from "./theme";

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  ScatterController,
  Tooltip,
  {
    // Records on the canvas how many elements each dataset drew (`data-elements="3,2"`).
    id: "momoflowElementCounts",
    afterUpdate(chart: Chart) {
      const counts = chart.data.datasets.map((_, i) => chart.getDatasetMeta(i).data.length);
      chart.canvas.dataset.elements = counts.join(",");
    },
  },
  {
    // Records where the axes' labels were drawn (`data-axis-labels`): canvas text is not in the DOM.
    id: "momoflowAxisLabels",
    afterDraw(chart: Chart) {
      chart.canvas.dataset.axisLabels = JSON.stringify(drawnAxisLabels(chart));
    },
  },
);

/** One label drawn on an axis, with its left and right edges in CSS pixels of the canvas. */
interface DrawnAxisLabel {
  axis: string;
  text: string;
  left: number;
  right: number;
}

function drawnAxisLabels(chart: Chart): DrawnAxisLabel[] {
  const ctx = chart.ctx;
  const drawn: DrawnAxisLabel[] = [];
  for (const scale of Object.values(chart.scales)) {
    const ticks = (scale.options as { ticks?: { display?: boolean } }).ticks;
    if (!scale.options.display || ticks?.display === false) continue;
    for (const item of scale.getLabelItems()) {
      const lines = Array.isArray(item.label) ? item.label.map(String) : [String(item.label)];
      ctx.save();
      ctx.font = (item.font as { string?: string }).string ?? ctx.font;
      const x = item.options.translation?.[0] ?? 0;
      const align = item.options.textAlign;
      for (const text of lines) {
        const width = ctx.measureText(text).width;
        const left = align === "right" ? x - width : align === "center" ? x - width / 2 : x;
        drawn.push({
          axis: scale.axis,
          text,
          left: Math.round(left),
          right: Math.round(left + width),
        });
      }
      ctx.restore();
    }
  }
  return drawn;
}

/** The charts drawn in each tab, so a redraw destroys the old ones first. */
const live = new Map<string, Chart[]>();

/** Destroys the charts of `tab`. */
export function destroyCharts(tab: string): void {
  for (const chart of live.get(tab) ?? []) chart.destroy();
  live.delete(tab);
}

/** Sets Chart.js's defaults from the theme; call before drawing. */
export function applyTheme(): Palette {
  const p = palette();
  Chart.defaults.color = p.foreground;
  Chart.defaults.borderColor = p.grid;
  Chart.defaults.font.family = p.font;
  Chart.defaults.font.size = Math.max(11, p.fontSize - 1);
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.responsive = true;
  Chart.defaults.plugins.tooltip.backgroundColor = p.background;
  Chart.defaults.plugins.tooltip.titleColor = p.foreground;
  Chart.defaults.plugins.tooltip.bodyColor = p.foreground;
  Chart.defaults.plugins.tooltip.borderColor = p.grid;
  Chart.defaults.plugins.tooltip.borderWidth = 1;
  return p;
}

/** The tallest canvas Chromium draws, in device pixels (a taller one stays blank). */
const MAX_CANVAS_PIXELS = 32_767;

/**
 * Appends a canvas in a box of `height` CSS pixels to `parent` (which must be
 * in the document: Chart.js sizes the canvas to its box) and draws the chart.
 */
export function makeChart<T extends ChartType, D = DefaultDataPoint<T>>(
  tab: string,
  parent: HTMLElement,
  name: string,
  height: number,
  label: string,
  config: ChartConfiguration<T, D>,
): Chart<T, D> {
  const canvas = h("canvas", {
    attrs: { "data-chart": name, role: "img", "aria-label": label },
  });
  const box = h("div", { class: "chart-box" }, canvas);
  box.style.height = `${height}px`;
  parent.append(box);
  // A canvas taller than Chromium's limit stays blank: a tall timeline (many
  // steps) on a HiDPI screen is drawn at a lower pixel ratio instead.
  const ratio = Math.min(window.devicePixelRatio || 1, MAX_CANVAS_PIXELS / height);
  const chart = new Chart<T, D>(canvas, {
    ...config,
    options: { ...config.options, devicePixelRatio: ratio },
  } as ChartConfiguration<T, D>);
  const list = live.get(tab) ?? [];
  list.push(chart as unknown as Chart);
  live.set(tab, list);
  return chart;
}
