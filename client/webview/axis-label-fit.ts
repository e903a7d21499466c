/**
 * Category labels that fit beside a horizontal bar chart. Chart.js gives the
 * labels of a y axis the width they need, up to the chart's, and draws a
 * longer one right-aligned past the canvas's left edge: a called step's name
 * (`release/announce_the_release_…`) lost its start. A name too wide is
 * shortened in the middle, keeping its start and its end, which tell steps
 * apart; the bar's tooltip has it whole.
 */
import type { FontSpec, Scale } from "chart.js";
import { toFont } from "chart.js/helpers";

/** The share of the chart's width a y axis's labels may take. */
const LABEL_SHARE = 0.4;

/**
 * `text`, or its start and end around an ellipsis, the longest such that
 * `widthOf` says fits in `maxWidth` (at least one character each side).
 */
export function middleEllipsis(
  text: string,
  maxWidth: number,
  widthOf: (text: string) => number,
): string {
  if (widthOf(text) <= maxWidth) return text;
  const cut = (keep: number): string =>
    `${text.slice(0, Math.ceil(keep / 2))}…${text.slice(text.length - Math.floor(keep / 2))}`;
  let low = 2;
  let high = text.length - 1;
  // The most characters kept whose cut still fits: widths grow with what is kept.
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (widthOf(cut(mid)) <= maxWidth) low = mid;
    else high = mid - 1;
  }
  return cut(low);
}

/**
 * A y axis's `ticks.callback`: each label (each line of a label of several)
 * fitted to {@link LABEL_SHARE} of the chart's width, measured in the
 * axis's own font as the chart is drawn (so a narrower panel shortens more).
 */
export function fittedCategoryLabel(
  this: Scale,
  value: number | string,
  index: number,
): string | string[] {
  const label = this.getLabelForValue(index) as unknown;
  const lines = Array.isArray(label) ? label.map(String) : [String(label ?? value)];
  const ctx = this.ctx;
  ctx.save();
  ctx.font = toFont(
    (this.options as { ticks?: { font?: Partial<FontSpec> } }).ticks?.font ?? {},
  ).string;
  const maxWidth = this.chart.width * LABEL_SHARE;
  const fitted = lines.map((line) =>
    middleEllipsis(line, maxWidth, (t) => ctx.measureText(t).width),
  );
  ctx.restore();
  return Array.isArray(label) ? fitted : fitted[0]!;
}
