import assert from "node:assert/strict";
import { linearFit } from "../../src/bench/linear-fit";

describe("bench linear fit", () => {
  it("recovers an exact line", () => {
    const xs = [1, 10, 100, 1000, 100_000];
    const fit = linearFit(
      xs,
      xs.map((x) => 3 * x + 2),
    );
    assert.ok(Math.abs(fit.slope - 3) < 1e-12);
    assert.ok(Math.abs(fit.intercept - 2) < 1e-7);
    assert.ok(Math.abs(fit.r2 - 1) < 1e-12);
    assert.equal(fit.n, 5);
  });

  it("fits scattered points by least squares", () => {
    // x̄ = 2.5, ȳ = 3.75, Sxy = 3.5, Sxx = 5 → slope 0.7, intercept 2; SSres = 2.3, SStot = 4.75.
    const fit = linearFit([1, 2, 3, 4], [2, 4, 5, 4]);
    assert.ok(Math.abs(fit.slope - 0.7) < 1e-12);
    assert.ok(Math.abs(fit.intercept - 2) < 1e-12);
    assert.ok(Math.abs(fit.r2 - 49 / 95) < 1e-12);
  });

  it("counts a constant y as perfectly fitted", () => {
    assert.deepEqual(linearFit([1, 2, 3], [5, 5, 5]), { slope: 0, intercept: 5, r2: 1, n: 3 });
  });

  it("refuses what has no line", () => {
    assert.throws(() => linearFit([1], [1]), RangeError);
    assert.throws(() => linearFit([2, 2], [1, 3]), RangeError);
    assert.throws(() => linearFit([1, 2], [1]), RangeError);
  });
});
