import { writeFileSync } from "node:fs";

/**
 * Lowers this process's peak resident memory (the high-water mark that
 * `process.resourceUsage().maxRSS` reads, and a run's `peakMemoryBytes`
 * with it) to what it holds now, so that the next test's run reads its own
 * peak, not one a test before it reached in the same process. Linux only
 * (`/proc/self/clear_refs`, 5: reset the high-water mark); elsewhere it does
 * nothing and returns false.
 */
export function resetPeakMemory(): boolean {
  try {
    writeFileSync("/proc/self/clear_refs", "5");
    return true;
  } catch {
    return false;
  }
}
