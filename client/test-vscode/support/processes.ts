/**
 * Ending what a test started, by process id: the process, every descendant
 * (code-server's extension host, its agent host, the language server, task
 * shells), whatever process groups they made. The process table comes from
 * the extension's own `process-tree` (the Testing panel stops test runs with it).
 */
import { listProcesses, processTreeOf } from "../../src/testing/process-tree";

/** The pids of `root` and all its descendants, root first. */
export async function processTree(root: number): Promise<number[]> {
  return processTreeOf(await listProcesses(), root);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // Already gone.
  }
}

/**
 * Ends `root` and every process below it: SIGTERM to each, then SIGKILL to
 * what is left after `graceMs`. Resolves with the pids that were signalled.
 */
export async function endProcessTree(root: number, graceMs = 3000): Promise<number[]> {
  const pids = await processTree(root);
  for (const pid of pids) signal(pid, "SIGTERM");
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && pids.some(alive))
    await new Promise((resolve) => setTimeout(resolve, 100));
  // Children a process started while ending (and those it left behind) too.
  const late = await Promise.all(pids.filter(alive).map((pid) => processTree(pid)));
  for (const pid of [...pids, ...late.flat()]) if (alive(pid)) signal(pid, "SIGKILL");
  return pids;
}
