import { readProcessIdentity } from "../commands/linux-proc";

/**
 * Who a process is, as written into locks and run records: its pid and, on
 * Linux, when it started (`/proc/<pid>/stat` field 22, clock ticks after boot).
 * The start time tells the process from a later one that was given the same pid.
 */
export interface ProcessStamp {
  pid: number;
  /** When it started, in clock ticks after boot (Linux only). */
  startTicks?: number;
}

/**
 * Whether the process `pid` still runs.
 *
 * - A pid that is not a positive integer is never alive: `kill(0, 0)` would
 *   signal our own process group and `kill(-n, 0)` a whole group, so both would
 *   read as alive (an empty pid field parses as 0).
 * - A process we may not signal (EPERM) exists, so it is alive.
 * - On Linux an exited process that is not reaped yet (a zombie) is not alive,
 *   and with `startTicks` given, a live pid whose start time differs belongs to
 *   a later process that reused the pid: not alive either. When `/proc` cannot
 *   be read the answer of `kill(pid, 0)` stands.
 */
export function isProcessAlive(pid: number, startTicks?: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  if (process.platform !== "linux") return true;
  const identity = readProcessIdentity(pid);
  if (!identity) return true; // /proc unreadable (hidepid, not mounted): kill's answer stands
  if (identity.state === "Z") return false;
  return startTicks === undefined || identity.startTicks === startTicks;
}

/**
 * The {@link ProcessStamp} of the live process `pid` (undefined when none has
 * that pid, or it is a zombie). Whoever keeps a pid to signal it later keeps
 * its stamp too, and signals it only while `isProcessAlive(pid, startTicks)`:
 * once the process ended, the system may give its pid to another.
 */
export function processStamp(pid: number): ProcessStamp | undefined {
  if (!isProcessAlive(pid)) return undefined;
  const identity = process.platform === "linux" ? readProcessIdentity(pid) : undefined;
  return identity === undefined ? { pid } : { pid, startTicks: identity.startTicks };
}

let ownStamp: ProcessStamp | undefined;

/** This process's own {@link ProcessStamp} (its start time on Linux, where `/proc` is readable). */
export function ownProcessStamp(): ProcessStamp {
  // A process's start time never changes: read /proc once.
  if (ownStamp?.pid !== process.pid) {
    const identity = process.platform === "linux" ? readProcessIdentity(process.pid) : undefined;
    ownStamp =
      identity === undefined
        ? { pid: process.pid }
        : { pid: process.pid, startTicks: identity.startTicks };
  }
  return { ...ownStamp };
}
