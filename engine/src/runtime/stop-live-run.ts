import { isProcessAlive } from "../record/process-liveness";

/** How long a run stopped by a forced rollback gets for its own rollback, before a second stop gives that up. */
const OWN_ROLLBACK_MS = 10_000;
/** How long it gets after the second stop (which gives up its running undo) before it is killed. */
const SECOND_STOP_MS = 5_000;
const POLL_MS = 50;

/**
 * Ends the process of a run still in progress, for a rollback forced over it
 * (`momoflow rollback --force`): as Ctrl+C would, so that it stops its steps
 * and rolls back what it did itself — undone once, not by it and by the
 * forced rollback side by side. SIGTERM (the run cancels and rolls back);
 * if it is still running after 10 s, SIGTERM again (it gives up its running
 * undo and ends); after 5 s more, SIGKILL. Only a process known by its start
 * time too is signalled, never a later one given the same pid.
 *
 * @returns how it ended: `stopped` by the signals, `killed` by SIGKILL.
 */
export async function stopLiveRun(
  pid: number,
  startTicks: number,
  signal?: AbortSignal,
): Promise<"stopped" | "killed"> {
  const alive = (): boolean => isProcessAlive(pid, startTicks);
  const send = (name: NodeJS.Signals): void => {
    try {
      if (alive()) process.kill(pid, name);
    } catch {
      // Ended meanwhile.
    }
  };
  send("SIGTERM");
  if (await endedWithin(OWN_ROLLBACK_MS, alive, signal)) return "stopped";
  send("SIGTERM");
  if (await endedWithin(SECOND_STOP_MS, alive, signal)) return "stopped";
  send("SIGKILL");
  await endedWithin(SECOND_STOP_MS, alive, signal);
  return "killed";
}

async function endedWithin(
  ms: number,
  alive: () => boolean,
  signal: AbortSignal | undefined,
): Promise<boolean> {
  const until = Date.now() + ms;
  while (alive()) {
    if (Date.now() >= until || signal?.aborted) return false;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return true;
}
