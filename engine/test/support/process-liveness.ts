import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

/**
 * Whether a process still runs. A zombie counts as dead: in some sandboxes
 * pid 1 never reaps orphans, so killed grandchildren linger as zombies.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    assert.equal((error as NodeJS.ErrnoException).code, "ESRCH");
    return false;
  }
  if (process.platform !== "linux") return true;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

/**
 * Waits until every pid is dead. A killed process closes its pipes a moment
 * before it turns into a zombie, so allow a moment: a long one, as a loaded
 * machine may take seconds to run the kill (a live pid is found at once).
 */
export async function expectDead(pids: number[], withinMs = 10_000): Promise<void> {
  const deadline = performance.now() + withinMs;
  while (pids.some(isAlive) && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  for (const pid of pids) assert.equal(isAlive(pid), false, `pid ${pid} survived`);
}

/**
 * Ends, with SIGKILL, the process group `pid` belongs to (a shell action's
 * runs in a group of its own): what a killed run left running, which no
 * later run ends. Nothing when the process is gone.
 */
export function killProcessGroupOf(pid: number): void {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "latin1");
  } catch {
    return;
  }
  // After the name: state, ppid, pgrp.
  const pgrp = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
  try {
    process.kill(-pgrp, "SIGKILL");
  } catch {
    // Gone meanwhile.
  }
}
