import assert from "node:assert/strict";
import {
  confidenceInterval95,
  criticalValue95,
  mean,
  median,
  percentile,
  stdev,
  summarize,
} from "../../src/bench/statistics";

function close(actual: number, expected: number, tolerance = 1e-9): void {
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${actual} is not within ${tolerance} of ${expected}`,
  );
}

describe("bench statistics", () => {
  it("takes the middle value of an odd count and the mean of the two middle ones of an even count", () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(median([7]), 7);
  });

  it("interpolates percentiles linearly between closest ranks (type 7)", () => {
    // h = (5 − 1) · 0.95 = 3.8 → 40 + 0.8 · (50 − 40)
    close(percentile([50, 10, 40, 20, 30], 0.95), 48);
    // h = 19 · 0.95 = 18.05 → 19 + 0.05 · (20 − 19)
    close(
      percentile(
        Array.from({ length: 20 }, (_, i) => i + 1),
        0.95,
      ),
      19.05,
    );
    assert.equal(percentile([1, 2, 3], 0), 1);
    assert.equal(percentile([1, 2, 3], 1), 3);
    assert.ok(Number.isNaN(percentile([], 0.5)));
    assert.throws(() => percentile([1], 1.5), RangeError);
  });

  it("computes the mean and the sample standard deviation (n − 1)", () => {
    const values = [2, 4, 4, 4, 5, 5, 7, 9];
    assert.equal(mean(values), 5);
    close(stdev(values), Math.sqrt(32 / 7)); // squared deviations sum to 32
    assert.equal(stdev([5]), 0);
  });

  it("uses Student's t below 30 samples and the normal approximation from 30 on", () => {
    assert.deepEqual(criticalValue95(2), { value: 12.7062, method: "t" });
    assert.deepEqual(criticalValue95(8), { value: 2.3646, method: "t" });
    assert.deepEqual(criticalValue95(29), { value: 2.0484, method: "t" });
    assert.deepEqual(criticalValue95(30), { value: 1.959964, method: "normal" });
  });

  it("gives the 95% confidence interval of the mean", () => {
    const small = confidenceInterval95([2, 4, 4, 4, 5, 5, 7, 9]);
    // t(0.975, 7) · s / √n = 2.3646 · √(32/7) / √8 = 2.3646 · √(4/7)
    close(small.halfWidth, 2.3646 * Math.sqrt(4 / 7));
    close(small.low, 5 - small.halfWidth);
    close(small.high, 5 + small.halfWidth);
    assert.equal(small.method, "t");

    const large = confidenceInterval95(Array.from({ length: 30 }, (_, i) => i + 1));
    // s = √(n(n + 1)/12) = √77.5 for 1…n; z · s / √30
    close(large.halfWidth, (1.959964 * Math.sqrt(77.5)) / Math.sqrt(30));
    close(large.low, 15.5 - large.halfWidth);
    assert.equal(large.method, "normal");
  });

  it("summarizes every figure at once, whatever the order of the samples", () => {
    const summary = summarize([9, 2, 5, 4, 7, 4, 5, 4]);
    assert.equal(summary.n, 8);
    assert.equal(summary.median, 4.5);
    close(summary.p95, 7 + 0.65 * 2); // h = 7 · 0.95 = 6.65 → 7 + 0.65 · (9 − 7)
    assert.equal(summary.mean, 5);
    close(summary.stdev, Math.sqrt(32 / 7));
    assert.equal(summary.min, 2);
    assert.equal(summary.max, 9);
  });

  it("collapses the interval of a single sample and refuses no samples", () => {
    const one = summarize([3]);
    assert.deepEqual(one.ci95, { low: 3, high: 3, halfWidth: 0, method: "t" });
    assert.equal(one.p95, 3);
    assert.throws(() => summarize([]), RangeError);
  });
});
