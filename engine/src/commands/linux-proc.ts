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
  const fields = statFields(statLine);
  if (!fields) return undefined;
  const cutime = Number(fields[16 - 3]);
  const cstime = Number(fields[17 - 3]);
  if (!Number.isFinite(cutime) || !Number.isFinite(cstime)) return undefined;
  return {
    cpuUserMs: (cutime * 1000) / CLOCK_TICKS_PER_SECOND,
    cpuSystemMs: (cstime * 1000) / CLOCK_TICKS_PER_SECOND,
  };
}

/**
 * The fields of a `/proc/<pid>/stat` line after the command name: `fields[0]`
 * is field 3 (state), so field n is `fields[n - 3]`.
 */
function statFields(statLine: string): string[] | undefined {
  // The command name (field 2) is in parentheses and may hold spaces or parentheses.
  const close = statLine.lastIndexOf(")");
  if (close < 0) return undefined;
  return statLine
    .slice(close + 1)
    .trim()
    .split(/\s+/);
}

/** Who a process is, from its `/proc/<pid>/stat` line. */
export interface ProcessIdentity {
  pid: number;
  /** Field 3: `R`, `S`, `D`, `Z` (a zombie: exited, not reaped yet)… */
  state: string;
  /** Field 5: its process group. */
  pgrp: number;
  /**
   * Field 22: when it started, in clock ticks after boot. With the pid it tells
   * a process from a later one that was given the same pid.
   */
  startTicks: number;
}

/** Reads the pid, state, process group and start time of a `/proc/<pid>/stat` line. */
export function parseProcessIdentity(statLine: string): ProcessIdentity | undefined {
  const fields = statFields(statLine);
  const pid = Number.parseInt(statLine, 10);
  if (!fields || !Number.isInteger(pid)) return undefined;
  const state = fields[3 - 3];
  const pgrp = Number(fields[5 - 3]);
  const startTicks = Number(fields[22 - 3]);
  if (!state || !Number.isInteger(pgrp) || !Number.isInteger(startTicks)) return undefined;
  return { pid, state, pgrp, startTicks };
}

/** The identity of a live (or zombie) process; undefined when there is none with that pid. */
export function readProcessIdentity(pid: number): ProcessIdentity | undefined {
  try {
    // UTF-8: Node reads it in one native call (latin1 goes through its JS
    // read loop: ~1.2 ms on a process's first read, 90 µs after, against 0.45
    // ms and 23 µs). A command name that is not UTF-8 decodes to replacement
    // characters, never to the ")" the fields after it are found by.
    return parseProcessIdentity(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return undefined;
  }
}

/** Every process whose process group is `pgrp` (zombies too), by a scan of `/proc`. */
export function readProcessGroup(pgrp: number): ProcessIdentity[] {
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return [];
  }
  const members: ProcessIdentity[] = [];
  for (const entry of entries) {
    const code = entry.charCodeAt(0);
    if (code < 48 || code > 57) continue; // not a pid folder
    const identity = readProcessIdentity(Number(entry));
    if (identity?.pgrp === pgrp) members.push(identity);
  }
  return members;
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
