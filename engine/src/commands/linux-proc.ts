import { readdirSync, readFileSync } from "node:fs";

/**
 * Readers of Linux `/proc` figures for child processes. Every reader is best
 * effort: a process can end between two reads, so failures give undefined.
 */

// /proc reports CPU times in USER_HZ, which the kernel fixes at 100 for user
// space on every architecture Node runs on; asking `getconf` would cost a process.
const CLOCK_TICKS_PER_SECOND = 100;

/** CPU time of the waited-for children of a process, from a `/proc/<pid>/stat` line. */
export interface ChildCpuTimes {
  cpuUserMs: number;
  cpuSystemMs: number;
}

/**
 * Reads `cutime` and `cstime` (fields 16 and 17) of a `/proc/<pid>/stat` line:
 * the CPU used by the children the process waited for, in milliseconds.
 */
export function parseChildCpuTimes(statLine: string): ChildCpuTimes | undefined {
  // The command name (field 2) is in parentheses and may hold spaces or parentheses.
  const close = statLine.lastIndexOf(")");
  if (close < 0) return undefined;
  const fields = statLine
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  // fields[0] is field 3 (state), so field n is fields[n - 3].
  const cutime = Number(fields[16 - 3]);
  const cstime = Number(fields[17 - 3]);
  if (!Number.isFinite(cutime) || !Number.isFinite(cstime)) return undefined;
  return {
    cpuUserMs: (cutime * 1000) / CLOCK_TICKS_PER_SECOND,
    cpuSystemMs: (cstime * 1000) / CLOCK_TICKS_PER_SECOND,
  };
}

/** Resident memory of one process, in bytes: now, and its high-water mark. */
export interface ProcessMemory {
  rssBytes: number;
  peakRssBytes: number;
}

/** Reads VmRSS and VmHWM of `/proc/<pid>/status`; undefined for a gone process or a zombie. */
export function readProcessMemory(pid: number): ProcessMemory | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, "latin1");
  } catch {
    return undefined;
  }
  const rss = /^VmRSS:\s+(\d+) kB/m.exec(status);
  const hwm = /^VmHWM:\s+(\d+) kB/m.exec(status);
  if (!rss || !hwm) return undefined;
  return { rssBytes: Number(rss[1]) * 1024, peakRssBytes: Number(hwm[1]) * 1024 };
}

/** The direct children of a process (all its threads'), from `/proc/<pid>/task/<tid>/children`. */
export function readChildPids(pid: number): number[] {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const children: number[] = [];
  for (const tid of tids) {
    try {
      const text = readFileSync(`/proc/${pid}/task/${tid}/children`, "latin1").trim();
      if (text) for (const child of text.split(/\s+/)) children.push(Number(child));
    } catch {
      // The thread ended, or the kernel lacks CONFIG_PROC_CHILDREN: the root alone is measured.
    }
  }
  return children;
}

/** A process and all its descendants (at most `limit` of them). */
export function readProcessTree(root: number, limit = 1000): number[] {
  const seen = new Set<number>([root]);
  const queue = [root];
  for (let i = 0; i < queue.length && seen.size < limit; i++) {
    for (const child of readChildPids(queue[i]!)) {
      if (!seen.has(child)) {
        seen.add(child);
        queue.push(child);
      }
    }
  }
  return queue;
}
