import { ChildProcess } from "node:child_process";

/** What {@link watchChildProcesses} tells of each child process started. */
export interface ChildProcessReport {
  started(pid: number): void;
  exited(pid: number): void;
}

/**
 * In a step thread, before any step's code runs: tells `report` of each
 * child process started from this thread and of its exit. `spawn`, `exec`,
 * `execFile` and `fork` (and what a package builds on them) all start theirs
 * through `ChildProcess#spawn`, which is this thread's own: one hook there
 * sees them all. The worker ends those still running when it ends the
 * thread (see `ThreadChildProcesses`).
 */
export function watchChildProcesses(report: ChildProcessReport): void {
  // Not in Node's typings: the method every way of starting a child goes through.
  const prototype = ChildProcess.prototype as unknown as { spawn: Spawn };
  const spawn = prototype.spawn;
  prototype.spawn = function (this: ChildProcess, options: object): unknown {
    const started = spawn.call(this, options);
    const pid = this.pid;
    if (pid !== undefined) {
      report.started(pid);
      this.once("exit", () => report.exited(pid));
    }
    return started;
  };
}

type Spawn = (this: ChildProcess, options: object) => unknown;
