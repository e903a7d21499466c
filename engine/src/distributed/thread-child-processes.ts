import type { Logger } from "../runtime/logger";

/** How long a child process of an ended step thread has between SIGTERM and SIGKILL. */
export const CHILD_KILL_GRACE_MS = 2000;

/**
 * The child processes a step thread's work started and that still run (a
 * `js()` function's `spawn`, `exec`, `execFile`, `fork`), as the thread
 * tells the main thread (see `watchChildProcesses`). A process belongs to
 * the worker's process, not to the thread: ending the thread
 * (`Worker#terminate`) leaves it running, so once the thread is gone the
 * main thread ends those of the work it was ended in. The children of work
 * that ended on its own are left running — a step may start a daemon on
 * purpose.
 */
export class ThreadChildProcesses {
  /** The live children of the work under way. */
  private readonly live = new Set<number>();

  constructor(private readonly logger: Logger) {}

  started(pid: number): void {
    this.live.add(pid);
  }

  exited(pid: number): void {
    this.live.delete(pid);
  }

  /** Its work ended on its own: the children it started are its to leave running. */
  workEnded(): void {
    this.live.clear();
  }

  /** Its thread is gone: ends its work's children (SIGTERM, then SIGKILL after {@link CHILD_KILL_GRACE_MS}). */
  endLeft(): void {
    const pids = [...this.live];
    this.live.clear();
    if (pids.length === 0) return;
    this.logger.warn(
      `ending the child process(es) its ended step thread left running: ${pids.join(", ")}`,
    );
    for (const pid of pids) signal(pid, "SIGTERM");
    setTimeout(() => {
      for (const pid of pids) signal(pid, "SIGKILL");
    }, CHILD_KILL_GRACE_MS);
  }
}

/** Sends `name` to `pid`, when it still runs. */
function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Gone already.
  }
}
