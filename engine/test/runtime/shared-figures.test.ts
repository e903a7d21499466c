import assert from "node:assert/strict";
import fc from "fast-check";
import type { UsageReading } from "../../src/runtime/metrics";
import { sharedDuration, sharedTime, spanFiguresOf } from "../../src/runtime/shared-figures";

/** A usage reading of these figures (the rest of `process.resourceUsage()` as now). */
function reading(userCPUTime: number, systemCPUTime: number, maxRSS: number): UsageReading {
  return {
    resources: { ...process.resourceUsage(), userCPUTime, systemCPUTime, maxRSS },
    heapBytes: 0,
  };
}

describe("a step's figures as shared numbers", () => {
  it("a duration is the milliseconds kept to the microsecond, exactly as computed", () => {
    fc.assert(
      fc.property(fc.double({ min: -10, max: 1e6, noNaN: true }), (ms) => {
        assert.ok(Object.is(sharedDuration(ms), Math.round(ms * 1000) / 1000));
        // The second time it comes from the table: still the same value.
        assert.ok(Object.is(sharedDuration(ms), Math.round(ms * 1000) / 1000));
      }),
    );
    assert.ok(Object.is(sharedDuration(-0), -0));
    assert.ok(Object.is(sharedDuration(0.0004), 0));
    assert.equal(sharedDuration(0.0016), 0.002);
    assert.equal(sharedDuration(9.9994), 9.999);
    assert.equal(sharedDuration(99.9994), 99.999);
    assert.equal(sharedDuration(250.0004), 250);
  });

  it("a wall time is the time given", () => {
    for (const ms of [1_700_000_000_123, 1_700_000_000_123, 1_700_000_000_124, 5])
      assert.equal(sharedTime(ms), ms);
  });

  it("the CPU and peak memory between two readings, one object for every step spanning them", () => {
    const a = reading(1_000, 2_000, 100_000);
    const b = reading(1_250, 2_017, 120_000);
    const figures = spanFiguresOf(a, b);
    assert.deepStrictEqual(
      { ...figures },
      { cpuUserMs: 0.25, cpuSystemMs: 0.017, peakMemoryBytes: 120_000 * 1024 },
    );
    assert.equal(spanFiguresOf(a, b), figures);
    const c = reading(1_251, 2_017, 120_000);
    assert.deepStrictEqual(
      { ...spanFiguresOf(b, c) },
      { cpuUserMs: 0.001, cpuSystemMs: 0, peakMemoryBytes: 120_000 * 1024 },
    );
    assert.notEqual(spanFiguresOf(a, c), figures);
    assert.equal(spanFiguresOf(a, c).cpuUserMs, 0.251);
  });
});
