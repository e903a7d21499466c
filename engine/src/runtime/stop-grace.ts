/**
 * How long a step stopped by its timeout or the run's cancellation may take
 * to wind down (a shell action's process group being killed, a `js()`
 * function noticing its signal) before the engine stops waiting for it.
 */
export const STOP_GRACE_MS = 5000;

/** A wait that ends {@link STOP_GRACE_MS} after a signal aborts, and can be given up. */
export interface GraceAfterAbort {
  /** Resolves once the grace after the abort has passed; never, when cleared first. */
  readonly passed: Promise<void>;
  /** Gives the wait up: no timer or listener is left behind. */
  clear(): void;
}

/**
 * Starts counting {@link STOP_GRACE_MS} when `signal` aborts (at once when it
 * has). One per run, not per step: a step that ignores its signal must not
 * hold the run — and with it the rollback of everything done — forever.
 */
export function graceAfterAbort(signal: AbortSignal, ms = STOP_GRACE_MS): GraceAfterAbort {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const passed = new Promise<void>((resolve) => {
    onAbort = (): void => {
      timer = setTimeout(resolve, ms);
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
  });
  return {
    passed,
    clear: () => {
      clearTimeout(timer);
      if (onAbort) signal.removeEventListener("abort", onAbort);
    },
  };
}

/**
 * The reason a step's attempt was stopped for (its timeout), which the action
 * tells how it stopped when that was not at once: a shell whose process group
 * ignored SIGTERM and was killed at the end of its grace, a `js()` function
 * given up after {@link STOP_GRACE_MS}. The step's error is the reason's
 * message, so it then says it: `timed out after 300ms; it did not stop within
 * 2s of SIGTERM and was killed (SIGKILL)`.
 */
export class StopReason extends Error {
  private noted = false;

  /** Adds how the action stopped to the message; only the first note counts (it is what happened first). */
  noteStop(how: string): void {
    if (this.noted) return;
    this.noted = true;
    this.message = `${this.message}; ${how}`;
  }
}

/** Tells `reason` (an aborted signal's) how the action stopped, when it is a {@link StopReason}; else nothing. */
export function noteStop(reason: unknown, how: string): void {
  // Known by its method, not its class: the distributed room is a bundle of its own, with its own copy of the class.
  const stop = reason as Partial<StopReason> | null | undefined;
  if (typeof stop?.noteStop === "function") stop.noteStop(how);
}
