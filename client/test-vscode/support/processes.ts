/**
 * Ending what a test started, by process id: the process, every descendant
 * (code-server's extension host, its agent host, the language server, task
 * shells), and the process groups they made.
 */
import { readdirSync, readFileSync } from "node:fs";

/** The pids of `root` and all its descendants, root first (Linux `/proc`). */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // Ended while listing.
    }
    // The command name may hold spaces and parentheses: fields start after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    const list = children.get(ppid) ?? [];
    list.push(Number(entry));
    children.set(ppid, list);
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]!) ?? []));
  return tree;
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
  const pids = processTree(root);
  for (const pid of pids) signal(pid, "SIGTERM");
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && pids.some(alive))
    await new Promise((resolve) => setTimeout(resolve, 100));
  // Children a process started while ending (and those it left behind) too.
  for (const pid of [...pids, ...pids.filter(alive).flatMap((p) => processTree(p))])
    if (alive(pid)) signal(pid, "SIGKILL");
  return pids;
}
