/**
 * Descriptive statistics of benchmark samples.
 *
 * Rules (also stated in every report's `methods`):
 * - percentiles interpolate linearly between the two closest ranks
 *   (Hyndman & Fan type 7, as numpy's default and Excel's PERCENTILE.INC);
 * - the standard deviation is the sample one (divides by n − 1);
 * - the 95% confidence interval of the mean uses Student's t with n − 1
 *   degrees of freedom for n < 30 and the normal approximation (z = 1.96) for n ≥ 30.
 */

/** How a confidence interval was computed. */
export type ConfidenceMethod = "t" | "normal";

/** A 95% confidence interval of the mean. */
export interface ConfidenceInterval {
  low: number;
  high: number;
  /** Half the width: mean ± halfWidth. */
  halfWidth: number;
  method: ConfidenceMethod;
}

/** The summary of a set of samples; every figure is in the unit of the samples. */
export interface SampleSummary {
  n: number;
  median: number;
  p95: number;
  mean: number;
  stdev: number;
  ci95: ConfidenceInterval;
  min: number;
  max: number;
}

/** Below this many samples the t-distribution is used; from it on, the normal approximation. */
export const NORMAL_APPROXIMATION_FROM = 30;

/** z for a two-sided 95% interval. */
const Z_975 = 1.959964;

/** t(0.975, df) for df = 1…29 (two-sided 95%), to four decimals. */
const T_975 = [
  12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.306, 2.2622, 2.2281, 2.201, 2.1788,
  2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.093, 2.086, 2.0796, 2.0739, 2.0687, 2.0639,
  2.0595, 2.0555, 2.0518, 2.0484, 2.0452,
];

/** The sum of `values`. */
function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

/** The arithmetic mean; NaN for no values. */
export function mean(values: readonly number[]): number {
  return values.length === 0 ? NaN : sum(values) / values.length;
}

/** The sample standard deviation (n − 1); 0 for fewer than two values. */
export function stdev(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  let squares = 0;
  for (const v of values) squares += (v - m) ** 2;
  return Math.sqrt(squares / (values.length - 1));
}

/**
 * The `p`-th percentile (0 ≤ p ≤ 1) by linear interpolation between closest
 * ranks: with the values sorted, h = (n − 1)·p and the result is
 * x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋ + 1] − x[⌊h⌋]). NaN for no values.
 */
export function percentile(values: readonly number[], p: number): number {
  if (p < 0 || p > 1) throw new RangeError(`percentile must be within 0..1, got ${p}`);
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return percentileOfSorted(sorted, p);
}

function percentileOfSorted(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lower = Math.floor(h);
  const below = sorted[lower]!;
  const above = sorted[Math.min(lower + 1, sorted.length - 1)]!;
  return below + (h - lower) * (above - below);
}

/** The median: the middle value, or the mean of the two middle values for an even count. */
export function median(values: readonly number[]): number {
  return percentile(values, 0.5);
}

/**
 * The two-sided 95% critical value for `n` samples: Student's t with n − 1
 * degrees of freedom below {@link NORMAL_APPROXIMATION_FROM} samples, z = 1.96 from it on.
 */
export function criticalValue95(n: number): { value: number; method: ConfidenceMethod } {
  if (n >= NORMAL_APPROXIMATION_FROM) return { value: Z_975, method: "normal" };
  if (n < 2) return { value: 0, method: "t" };
  return { value: T_975[n - 2]!, method: "t" };
}

/**
 * The 95% confidence interval of the mean (see {@link criticalValue95}); for a
 * single sample it collapses to the sample itself.
 */
export function confidenceInterval95(values: readonly number[]): ConfidenceInterval {
  const m = mean(values);
  const { value, method } = criticalValue95(values.length);
  const halfWidth = values.length < 2 ? 0 : (value * stdev(values)) / Math.sqrt(values.length);
  return { low: m - halfWidth, high: m + halfWidth, halfWidth, method };
}

/** Every figure of {@link SampleSummary} at once. Throws for no samples: a benchmark always has some. */
export function summarize(values: readonly number[]): SampleSummary {
  if (values.length === 0) throw new RangeError("cannot summarize zero samples");
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    median: percentileOfSorted(sorted, 0.5),
    p95: percentileOfSorted(sorted, 0.95),
    mean: mean(sorted),
    stdev: stdev(sorted),
    ci95: confidenceInterval95(sorted),
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
  };
}
