/**
 * Whether `js()` functions are called from a timer (see {@link reapingTurn}):
 * set in a worker's step thread, which the worker ends when its work does
 * not stop.
 */
let fromTimer = false;

/** From now on, this thread calls each `js()` function from a timer callback (see {@link reapingTurn}). */
export function callFunctionsFromTimers(): void {
  fromTimer = true;
}

/**
 * Waits, in a thread that calls `js()` functions from timers, for a timer
 * callback, from which the function is then called; elsewhere it does not
 * wait. Only the thread that started a child process waits for its exit
 * (reaps it), in its event loop's poll phase; a thread ended while its code
 * is busy (a loop that never returns) runs its loop once more only when it
 * was ended in the timers phase, which is followed by a poll. Ended there,
 * it reaps the children its worker ended first; ended in a callback of the
 * poll phase itself (a message, the end of a read), it would leave them
 * zombies of the worker's process until the worker exits. The wait is a
 * millisecond or so.
 */
export function reapingTurn(): Promise<void> | undefined {
  if (!fromTimer) return undefined;
  return new Promise((resolve) => setTimeout(resolve, 0));
}
