/**
 * Timers for delays of any length. Node's timers hold at most 2^31 - 1 ms
 * (24.8 days): a longer delay fires after 1 ms, with only a warning. So a
 * `timeout: 600h`, a run's `timeout`, or `sleep(duration: 30d)` ended at once;
 * these wait in pieces instead.
 */

/** The longest delay one Node timer holds. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** A pending {@link setLongTimeout}. */
export interface LongTimeout {
  clear(): void;
}

/** Calls `callback` after `ms` (any length, also past 24.8 days; Infinity: never). */
export function setLongTimeout(callback: () => void, ms: number): LongTimeout {
  let remaining = ms;
  let timer: NodeJS.Timeout;
  const arm = (): void => {
    const piece = Math.min(remaining, MAX_TIMER_MS);
    remaining -= piece;
    timer = setTimeout(remaining > 0 ? arm : callback, piece);
  };
  arm();
  return { clear: () => clearTimeout(timer) };
}

/**
 * Waits `ms` (any length), rejecting as soon as `signal` aborts, with the
 * signal's reason.
 */
export function longWait(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason as Error);
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      timer.clear();
      reject(signal!.reason as Error);
    };
    const timer = setLongTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
