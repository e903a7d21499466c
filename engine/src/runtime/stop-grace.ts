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
