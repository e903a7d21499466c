import { readProcessMemory, readProcessTree } from "./linux-proc";

// A process read in the instant after exec, before the loader ran, holds only
// its first few pages (16 KB, say): such a reading says nothing of its peak.
const MIN_READING_BYTES = 64 * 1024;

/**
 * Samples the resident memory of the processes a wrapper shell started (Linux)
 * while they run, to find their peak. The wrapper itself is left out: it is
 * momoflow's, not the script's.
 *
 * The peak is the larger of the highest total resident memory seen at one
 * sample, and the highest high-water mark (VmHWM) of any single process. The
 * high-water mark is the kernel's own accounting, exact for that process up to
 * the last time it was read, so a process read once late in its life is
 * measured in full. A process that starts and ends between two samples is
 * never read (nor is one read only in the instant after exec): when no process
 * of the script was, there is no figure — rather than a made-up one. (The
 * kernel's total for reaped children, `getrusage`'s `ru_maxrss`, is only
 * readable by the waiting process itself, and neither a POSIX shell nor Node
 * exposes it; a cgroup's `memory.peak` needs a delegated cgroup v2, which most
 * machines and containers do not give.)
 *
 * Sampling is dense at first, so short commands are still seen, then every
 * `intervalMs`. Each sample reads a few small /proc files.
 */
export class MemorySampler {
  private peakTotal = 0;
  private peakSingle = 0;
  private timer: NodeJS.Timeout | undefined;
  private delay = 2;
  private stopped = false;

  constructor(
    private readonly wrapperPid: number,
    private readonly intervalMs = 50,
  ) {}

  start(): this {
    this.sample();
    this.schedule();
    return this;
  }

  /** Stops sampling; returns the peak in bytes, or undefined when no process of the script was seen. */
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
    // The first pid of the tree is the wrapper.
    for (const pid of readProcessTree(this.wrapperPid).slice(1)) {
      const memory = readProcessMemory(pid);
      if (!memory || memory.peakRssBytes < MIN_READING_BYTES) continue;
      total += memory.rssBytes;
      this.peakSingle = Math.max(this.peakSingle, memory.peakRssBytes);
    }
    this.peakTotal = Math.max(this.peakTotal, total);
  }
}
