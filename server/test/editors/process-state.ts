/**
 * Whether a process still runs, for tests that check an editor's language
 * server does not outlive the editor, and that end what they started by pid.
 */
import { readFileSync } from "node:fs";

/**
 * Whether `pid` is a running process. A zombie (exited, not yet reaped by
 * whoever adopted it) counts as ended: it runs nothing any more.
 */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The state follows the command name, which is in parentheses and may hold spaces.
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

/** The command line of `pid` (Linux), or "" once it is gone. */
export function commandLineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
  } catch {
    return "";
  }
}

/** Resolves true once `pid` has ended, false when it still runs after `timeoutMs`. */
export async function waitForEnd(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isRunning(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/**
 * Ends `pid` with SIGKILL when it still runs and its command line still
 * contains `expected` (so a recycled pid is never signalled).
 */
export function endIfStill(pid: number, expected: string): void {
  if (!isRunning(pid) || !commandLineOf(pid).includes(expected)) return;
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // Gone meanwhile.
  }
}
