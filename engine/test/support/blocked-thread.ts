import { readdirSync, readFileSync } from "node:fs";

/**
 * Whether a thread of process `pid` waits in the kernel where no signal
 * reaches it (state D: a call on a frozen file system, say). Linux only;
 * false when the process is gone.
 */
export function hasBlockedThread(pid: number): boolean {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return false;
  }
  return tasks.some((task) => {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${task}/stat`, "latin1");
      // After the name (which may hold spaces and parentheses): the state.
      return stat.slice(stat.lastIndexOf(")") + 2)[0] === "D";
    } catch {
      return false;
    }
  });
}
