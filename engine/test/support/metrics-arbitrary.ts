import fc from "fast-check";
import type { ExecutionMetrics } from "../../src/runtime/metrics";
import { REQUIRED_METRIC_FIELDS } from "./metric-fields";

/**
 * Any step metrics a record may hold, their figures drawn from `num`: the
 * required fields always, a shell's `child` figures and a memory figure
 * sometimes — for the encoders' byte-for-byte properties.
 */
export function metricsArbitrary(num: fc.Arbitrary<number>): fc.Arbitrary<ExecutionMetrics> {
  // Most fast steps use no CPU of their own and grow no heap: the encoders have a shortcut for zeros (-0 too).
  const often0 = fc.oneof(fc.constant(0), fc.constant(-0), num);
  return fc.record(
    {
      startTime: num,
      endTime: num,
      durationMs: num,
      cpuUserMs: often0,
      cpuSystemMs: often0,
      peakMemoryBytes: num,
      child: fc.record({ cpuUserMs: num }),
      memory: fc.record({ kind: fc.constantFrom("heap_growth", "child_peak"), bytes: often0 }),
    },
    { requiredKeys: [...REQUIRED_METRIC_FIELDS] },
  ) as fc.Arbitrary<ExecutionMetrics>;
}
