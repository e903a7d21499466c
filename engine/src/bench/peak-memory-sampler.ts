/**
 * Keeps the highest resident set size and heap use seen since the last
 * {@link reset}. A run of no-op steps never yields to the event loop, so a
 * timer could not sample it: the benchmark's probe steps call {@link sample}
 * from inside the run instead.
 */
export class PeakMemorySampler {
  /** RSS at the last reset. */
  startRssBytes = 0;
  peakRssBytes = 0;
  peakHeapUsedBytes = 0;
  /** Readings since the last reset. */
  samples = 0;

  constructor() {
    this.reset();
  }

  /** Starts over from the memory in use now. */
  reset(): void {
    const usage = process.memoryUsage();
    this.startRssBytes = usage.rss;
    this.peakRssBytes = usage.rss;
    this.peakHeapUsedBytes = usage.heapUsed;
    this.samples = 0;
  }

  /** Reads the process's memory now. */
  sample(): void {
    const usage = process.memoryUsage();
    this.samples++;
    if (usage.rss > this.peakRssBytes) this.peakRssBytes = usage.rss;
    if (usage.heapUsed > this.peakHeapUsedBytes) this.peakHeapUsedBytes = usage.heapUsed;
  }
}
