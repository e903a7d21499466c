import { readProcessGroup, readProcessIdentity } from "../commands/linux-proc";
import type { Logger } from "../runtime/logger";
import type { JournalEvent } from "./journal-event";

/** A process group a step started, as the journal recorded it (`step_process`). */
export interface RecordedProcess {
  /** The pid of the group's leader: the group's id. */
  pid: number;
  /** When the leader started (`/proc/<pid>/stat` field 22), where it was recorded (Linux). */
  startTicks?: number;
  /** The step that started it, where the list holds several steps' groups. */
  step?: string;
  /** Started by the step's undo (a rollback's), not its run. */
  undo?: true;
}

/** The process groups the journal's events say steps started. */
export function recordedProcesses(events: readonly JournalEvent[]): RecordedProcess[] {
  const processes: RecordedProcess[] = [];
  for (const e of events) {
    if (e.type !== "step_process") continue;
    const p: RecordedProcess = { pid: e.pid, step: e.step };
    if (typeof e.startTicks === "number") p.startTicks = e.startTicks;
    if (e.undo === true) p.undo = true;
    processes.push(p);
  }
  return processes;
}

/**
 * A process group a rollback found still running and stopped before it
 * undid anything: the step that started it, and who left it running — the
 * step's run (a killed run, or a background process of a step), or a
 * rollback killed in the middle of the step's undo (`rollback`). The next
 * undo of the step must not run beside the one that was left.
 */
export interface StoppedLeftover {
  step: string;
  pid: number;
  leftBy: "run" | "rollback";
}

/**
 * What {@link stopLeftoverProcesses} stopped (`stopped`, the pids it
 * returned), told by the `recorded` groups it was given; `step` names the
 * step of groups recorded without one.
 */
export function stoppedLeftovers(
  stopped: readonly number[],
  recorded: readonly RecordedProcess[],
  step = "",
): StoppedLeftover[] {
  return stopped.map((pid) => {
    let found: RecordedProcess | undefined;
    for (const r of recorded) if (r.pid === pid) found = r;
    return { step: found?.step ?? step, pid, leftBy: found?.undo ? "rollback" : "run" };
  });
}

/** Options of {@link stopLeftoverProcesses}. */
export interface StopProcessesOptions {
  /** Wait between SIGTERM and SIGKILL. Default 2000 ms. */
  graceMs?: number;
  logger?: Logger;
}

const DEFAULT_GRACE_MS = 2000;
/** How long processes are given to vanish after SIGKILL. */
const KILL_WAIT_MS = 1000;
const POLL_MS = 20;

/**
 * Stops what is left of the process groups steps started (a shell action or
 * a shell undo, and whatever it spawned) — all of a killed run's, or one
 * step's before it is undone: SIGTERM to each group, up to
 * `graceMs` for it to end, then SIGKILL; resolves once they are gone.
 *
 * Only a group that can be told apart from a later one is signalled. On Linux
 * (with the recorded start time) a group is the step's when its leader is still
 * the same process (same start time), or, with the leader gone, when members of
 * the group started no earlier than the leader did (the kernel does not give
 * the pid of a live group to a new process). A leader pid now held by another
 * process means the group is gone. Elsewhere only a record without a start time
 * is tried, as long as the group exists (`kill(-pid, 0)`): best effort.
 * A group holding this process is never signalled.
 *
 * @returns the ids of the groups that were signalled, in the order given.
 */
export async function stopLeftoverProcesses(
  recorded: readonly RecordedProcess[],
  options: StopProcessesOptions = {},
): Promise<number[]> {
  const linux = process.platform === "linux";
  const own = ownGroup(linux);
  const targets: RecordedProcess[] = [];
  for (const r of unique(recorded)) {
    if (!Number.isInteger(r.pid) || r.pid <= 1 || r.pid === process.pid || r.pid === own) continue;
    if (targets.some((t) => t.pid === r.pid)) continue;
    if (linux ? isOursOnLinux(r) : isOursElsewhere(r)) targets.push(r);
  }
  if (targets.length === 0) return [];

  const stillThere = linux ? liveMembersOnLinux : groupExists;
  for (const t of targets) {
    options.logger?.warn("stopping a process group a step left running", {
      pid: t.pid,
    });
    signalGroup(t.pid, "SIGTERM");
  }
  await waitUntil(() => !targets.some(stillThere), options.graceMs ?? DEFAULT_GRACE_MS);
  const stubborn = targets.filter(stillThere);
  for (const t of stubborn) signalGroup(t.pid, "SIGKILL");
  if (stubborn.length > 0) await waitUntil(() => !stubborn.some(stillThere), KILL_WAIT_MS);
  for (const t of stubborn.filter(stillThere)) {
    options.logger?.warn("a process group survived SIGKILL", { pid: t.pid });
  }
  return targets.map((t) => t.pid);
}

function isOursOnLinux(r: RecordedProcess): boolean {
  if (r.startTicks === undefined) return false; // nothing to tell it from a recycled pid
  const leader = readProcessIdentity(r.pid);
  if (leader && leader.startTicks !== r.startTicks) return false; // the pid was given to another
  return liveMembersOnLinux(r);
}

/** Whether the group has a member that is not a zombie and started no earlier than its leader. */
function liveMembersOnLinux(r: RecordedProcess): boolean {
  return readProcessGroup(r.pid).some((p) => p.state !== "Z" && p.startTicks >= r.startTicks!);
}

function isOursElsewhere(r: RecordedProcess): boolean {
  return r.startTicks === undefined && groupExists(r);
}

/** Whether a group with that id exists and can be signalled by this process. */
function groupExists(r: RecordedProcess): boolean {
  try {
    process.kill(-r.pid, 0);
    return true;
  } catch {
    return false; // ESRCH: gone; EPERM: not ours to stop
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: the group ended meanwhile.
  }
}

/** This process's own group, so that it is never signalled. */
function ownGroup(linux: boolean): number | undefined {
  return linux ? readProcessIdentity(process.pid)?.pgrp : undefined;
}

/** Each recorded group once (retries and repeated records). */
function unique(recorded: readonly RecordedProcess[]): RecordedProcess[] {
  const seen = new Map<string, RecordedProcess>();
  for (const r of recorded) seen.set(`${r.pid}:${r.startTicks ?? ""}`, r);
  return [...seen.values()];
}

async function waitUntil(done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done() && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
