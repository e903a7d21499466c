import { readProcessMemory, readProcessTree } from "./linux-proc";

/**
 * Samples the resident memory of a process tree (Linux) while it runs, to
 * estimate its peak. The peak is the larger of the highest total resident
 * memory seen at one sample, and the highest high-water mark of any single
 * process (exact for that process, even between samples).
 *
 * Sampling is dense at first, so short commands are still seen, then every
 * `intervalMs`. Each sample reads a few small /proc files.
 */
export class MemorySampler {
  private peakTotal = 0;
  private peakSingle = 0;
  private timer: NodeJS.Timeout | undefined;
  private delay = 5;
  private stopped = false;

  constructor(
    private readonly rootPid: number,
    private readonly intervalMs = 50,
  ) {}

  start(): this {
    this.sample();
    this.schedule();
    return this;
  }

  /** Stops sampling; returns the peak in bytes, or undefined when nothing was measured. */
  stop(): number | undefined {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const peak = Math.max(this.peakTotal, this.peakSingle);
    return peak > 0 ? peak : undefined;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.sample();
      this.delay = Math.min(this.delay * 2, this.intervalMs);
      this.schedule();
    }, this.delay);
    // Sampling must never keep the process alive.
    this.timer.unref();
  }

  private sample(): void {
    let total = 0;
    for (const pid of readProcessTree(this.rootPid)) {
      const memory = readProcessMemory(pid);
      if (!memory) continue;
      total += memory.rssBytes;
      this.peakSingle = Math.max(this.peakSingle, memory.peakRssBytes);
    }
    this.peakTotal = Math.max(this.peakTotal, total);
  }
}
