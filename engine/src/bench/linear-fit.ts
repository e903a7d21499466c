/** An ordinary least-squares line y = slope·x + intercept. */
export interface LinearFit {
  slope: number;
  intercept: number;
  /** Coefficient of determination: 1 is a perfect fit; 1 also when y does not vary. */
  r2: number;
  /** Number of points fitted. */
  n: number;
}

/**
 * Fits y = slope·x + intercept to the points by ordinary least squares.
 * @throws RangeError for fewer than two points or when every x is the same.
 */
export function linearFit(xs: readonly number[], ys: readonly number[]): LinearFit {
  if (xs.length !== ys.length) throw new RangeError("xs and ys must have the same length");
  const n = xs.length;
  if (n < 2) throw new RangeError("a linear fit needs at least two points");
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    sx += xs[i]!;
    sy += ys[i]!;
  }
  const mx = sx / n;
  const my = sy / n;
  // Centred sums: numerically stable for large x (step counts up to 1e5).
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  if (sxx === 0) throw new RangeError("a linear fit needs at least two distinct x values");
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  let residual = 0;
  for (let i = 0; i < n; i++) residual += (ys[i]! - (slope * xs[i]! + intercept)) ** 2;
  const r2 = syy === 0 ? 1 : 1 - residual / syy;
  return { slope, intercept, r2, n };
}
