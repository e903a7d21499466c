/**
 * Stopping a process the extension started, with everything it started.
 *
 * `momoflow test` is spawned in its own process group, but the shell steps of
 * a test's workflow run in process groups of their own (the engine starts
 * each detached so it can stop it as a whole). Killing only the CLI's group
 * would leave them running, so the groups of every descendant are found
 * first (Linux: `/proc`; other POSIX systems: `ps`) and all are signalled.
 * On Windows, `taskkill /T` ends the tree. No `vscode` import here.
 */
import { execFile, spawn } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";

/** One process as the system lists it. */
export interface ProcessEntry {
  readonly pid: number;
  readonly ppid: number;
  readonly pgid: number;
}

/**
 * The process groups of `rootPid` and all its descendants, `rootPid`'s own
 * group first. The group of the calling process is never included (so the
 * extension host cannot signal itself).
 */
export async function processGroupsOfTree(rootPid: number): Promise<number[]> {
  const table = await listProcesses();
  return groupsOfTree(table, rootPid, ownGroup(table));
}

/** {@link processGroupsOfTree} on a given process table (pure, for tests). */
export function groupsOfTree(
  table: readonly ProcessEntry[],
  rootPid: number,
  excludeGroup?: number,
): number[] {
  const groupOf = new Map(table.map((p) => [p.pid, p.pgid]));
  const groups: number[] = [];
  for (const pid of processTreeOf(table, rootPid)) {
    // The root's own group first, even when the table no longer lists it.
    const pgid = groupOf.get(pid) ?? (pid === rootPid ? rootPid : undefined);
    if (pgid !== undefined && pgid > 1 && pgid !== excludeGroup && !groups.includes(pgid))
      groups.push(pgid);
  }
  return groups;
}

/** The pids of `rootPid` and all its descendants in `table`, root first (pure). */
export function processTreeOf(table: readonly ProcessEntry[], rootPid: number): number[] {
  const children = new Map<number, number[]>();
  for (const p of table) {
    const list = children.get(p.ppid);
    if (list) list.push(p.pid);
    else children.set(p.ppid, [p.pid]);
  }
  const tree = [rootPid];
  const seen = new Set(tree);
  for (let i = 0; i < tree.length; i++)
    for (const child of children.get(tree[i]!) ?? [])
      if (!seen.has(child)) {
        seen.add(child);
        tree.push(child);
      }
  return tree;
}

/** Sends `signal` to each process group; groups already gone are ignored. */
export function signalGroups(groups: readonly number[], signal: NodeJS.Signals): void {
  for (const pgid of groups) {
    try {
      process.kill(-pgid, signal);
    } catch {
      // ESRCH: the group has ended.
    }
  }
}

/** Windows: ends `pid` and its descendants (`taskkill /T /F`). */
export function killTreeOnWindows(pid: number): void {
  const killer = spawn("taskkill", ["/pid", String(pid), "/T", "/F"], {
    stdio: "ignore",
    windowsHide: true,
  });
  killer.on("error", () => undefined);
}

/** Parses one line of `/proc/<pid>/stat`: the command may hold spaces and parentheses. */
export function parseProcStat(text: string): ProcessEntry | undefined {
  const close = text.lastIndexOf(")");
  const pid = Number.parseInt(text, 10);
  if (close < 0 || !Number.isInteger(pid)) return undefined;
  // After the command: state ppid pgrp ...
  const [, ppid, pgid] = text
    .slice(close + 2)
    .split(" ")
    .map((field) => Number.parseInt(field, 10));
  if (ppid === undefined || pgid === undefined || Number.isNaN(ppid) || Number.isNaN(pgid))
    return undefined;
  return { pid, ppid, pgid };
}

/** Every process of the system (Linux: `/proc`; elsewhere: `ps`). */
export async function listProcesses(): Promise<ProcessEntry[]> {
  if (process.platform === "linux") return listFromProc();
  return listFromPs();
}

async function listFromProc(): Promise<ProcessEntry[]> {
  const names = (await readdir("/proc")).filter((name) => /^\d+$/.test(name));
  const entries = await Promise.all(
    names.map(async (name) => {
      try {
        return parseProcStat(await readFile(`/proc/${name}/stat`, "utf8"));
      } catch {
        return undefined; // the process ended meanwhile
      }
    }),
  );
  return entries.filter((e): e is ProcessEntry => e !== undefined);
}

function listFromPs(): Promise<ProcessEntry[]> {
  return new Promise((resolve) => {
    execFile("ps", ["-A", "-o", "pid=", "-o", "ppid=", "-o", "pgid="], (error, stdout) => {
      if (error) return resolve([]);
      const entries: ProcessEntry[] = [];
      for (const line of stdout.split("\n")) {
        const [pid, ppid, pgid] = line.trim().split(/\s+/).map(Number);
        if (pid !== undefined && ppid !== undefined && pgid !== undefined && pid > 0)
          entries.push({ pid, ppid, pgid });
      }
      resolve(entries);
    });
  });
}

function ownGroup(table: readonly ProcessEntry[]): number | undefined {
  return table.find((p) => p.pid === process.pid)?.pgid;
}
