import type { Logger } from "../runtime/logger";
import { performance } from "node:perf_hooks";
import { isProcessAlive } from "../record/process-liveness";

/** How long a child process of an ended step thread has between SIGTERM and SIGKILL. */
export const CHILD_KILL_GRACE_MS = 2000;

/** How long a child killed (SIGKILL) is waited for before its thread is ended all the same. */
const KILLED_EXIT_WAIT_MS = 5000;

/** How often the children of a thread about to be ended are looked at. */
const EXIT_POLL_MS = 20;

/**
 * The child processes a step thread's work started and that still run (a
 * `js()` function's `spawn`, `exec`, `execFile`, `fork`), as the thread
 * tells the main thread (see `watchChildProcesses`). A process belongs to
 * the worker's process, not to the thread, but only the thread that
 * started it waits for its exit (reaps it): ended with children that end
 * later, a thread leaves them zombies of the worker until the worker exits.
 * So the children of work that did not stop are ended before its thread
 * is, and the children of work that ended on its own — a step may start a
 * daemon on purpose — are left running, and keep their thread, which takes
 * no more work until they have all ended (see {@link holdsLeftChildren}):
 * no later step or undo stuck there gets it ended under them.
 */
export class ThreadChildProcesses {
  /** The live children of the work under way. */
  private readonly live = new Set<number>();
  /** The live children of its earlier work, which ended on its own. */
  private readonly left = new Set<number>();

  /** @param onLeftEnded called when the last child of its earlier work has ended. */
  constructor(
    private readonly logger: Logger,
    private readonly onLeftEnded: () => void = () => undefined,
  ) {}

  started(pid: number): void {
    this.live.add(pid);
  }

  exited(pid: number): void {
    this.live.delete(pid);
    if (this.left.delete(pid) && this.left.size === 0) this.onLeftEnded();
  }

  /** Its work ended on its own: the children it started are its to leave running. */
  workEnded(): void {
    for (const pid of this.live) this.left.add(pid);
    this.live.clear();
  }

  /** Whether children its earlier work left running still run: its thread must stay, to reap them. */
  holdsLeftChildren(): boolean {
    return this.left.size > 0;
  }

  /**
   * Its thread is about to be ended (its work did not stop): ends its work's
   * children first — SIGTERM, then SIGKILL to those still running after
   * {@link CHILD_KILL_GRACE_MS} — and resolves once none runs. Only the
   * thread that started a child waits for it (its own event loop): a child
   * that ended is reaped as its thread is ended, while one that ends after
   * its thread is gone would stay a zombie of the worker until the worker
   * exits.
   */
  async endBeforeThread(): Promise<void> {
    const pids = this.terminateLive();
    if (pids.length === 0) return;
    const running = await stillRunningAfter(pids, CHILD_KILL_GRACE_MS);
    for (const pid of running) signal(pid, "SIGKILL");
    await stillRunningAfter(running, KILLED_EXIT_WAIT_MS);
  }

  /**
   * Its thread is gone (it died, or was ended with children it did not
   * report in time): ends its work's children (SIGTERM, then SIGKILL after
   * {@link CHILD_KILL_GRACE_MS}). Nothing reaps them any more: see
   * {@link endBeforeThread}, which leaves none here when the worker ends a thread.
   */
  endLeft(): void {
    const pids = this.terminateLive();
    if (pids.length === 0) return;
    setTimeout(() => {
      for (const pid of pids) signal(pid, "SIGKILL");
    }, CHILD_KILL_GRACE_MS);
  }

  /** Forgets the children still running and sends each SIGTERM, saying so: their pids. */
  private terminateLive(): number[] {
    const pids = [...this.live];
    this.live.clear();
    if (pids.length === 0) return pids;
    this.logger.warn(
      `ending the child process(es) its ended step thread left running: ${pids.join(", ")}`,
    );
    for (const pid of pids) signal(pid, "SIGTERM");
    return pids;
  }
}

/** The pids of `pids` still running (not exited: a zombie has) once all ended or `ms` passed. */
async function stillRunningAfter(pids: readonly number[], ms: number): Promise<number[]> {
  const deadline = performance.now() + ms;
  let running = pids.filter((pid) => isProcessAlive(pid));
  while (running.length > 0 && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, EXIT_POLL_MS));
    running = running.filter((pid) => isProcessAlive(pid));
  }
  return running;
}

/** Sends `name` to `pid`, when it still runs. */
function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Gone already.
  }
}
