/**
 * Waiting for what the page shows: every wait has a deadline, and when it
 * passes the error says what was awaited and what was seen instead.
 */

/** The default deadline of a wait (ms): long enough for a loaded machine. */
export const DEFAULT_TIMEOUT_MS = 20_000;

/** How long a task (a run, a rollback, the tests) may take on a loaded machine (ms). */
export const TASK_TIMEOUT_MS = 60_000;

const POLL_MS = 100;

export interface WaitOptions {
  /** How long to wait (ms). */
  readonly timeoutMs?: number;
  /** What is seen instead, for the error message (called once, when the wait fails). */
  readonly seen?: () => unknown;
}

/**
 * Calls `probe` until it returns something other than `undefined` or `false`,
 * and resolves with that; rejects with "timed out after N s waiting for
 * WHAT" (and what was seen, or the probe's last error) at the deadline.
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  options: WaitOptions = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      lastError = undefined;
    } catch (error) {
      lastError = error; // The page changed under the probe: try again.
    }
    if (Date.now() >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  let seen = "";
  if (options.seen) {
    try {
      seen = `\n  seen instead: ${format(await options.seen())}`;
    } catch (error) {
      seen = `\n  (what is seen could not be read: ${String(error)})`;
    }
  }
  const cause = lastError === undefined ? "" : `\n  last error: ${String(lastError)}`;
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${seen}${cause}`);
}

function format(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value, null, 2);
}
