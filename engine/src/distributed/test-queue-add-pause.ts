/**
 * Hooks for tests only: a scheduler sending a step's job waits, and says so
 * on stderr, so that a test can stop the run (Ctrl+C, SIGTERM) in a window
 * that is otherwise a few milliseconds wide, every time:
 * `MOMOFLOW_TEST_PAUSE_BEFORE_QUEUE_ADD_MS` before it checks whether the
 * step was given up (it must then never be added), and
 * `MOMOFLOW_TEST_PAUSE_DURING_QUEUE_ADD_MS` once it decided to add it (as
 * if the stop came while the add was on its way to Redis: the job must be
 * taken off the queue once it is there). The pause ends early when the
 * step is given up, so that what a test checks never waits on the run's
 * grace after a stop. Unset (always, in normal use) they do nothing: the
 * variables are read once.
 */
const BEFORE_MS = Number(process.env.MOMOFLOW_TEST_PAUSE_BEFORE_QUEUE_ADD_MS ?? 0);
const DURING_MS = Number(process.env.MOMOFLOW_TEST_PAUSE_DURING_QUEUE_ADD_MS ?? 0);

/** Waits the "before" pause, when one is set; at once otherwise. */
export function beforeQueueAdd(signal: AbortSignal): Promise<void> {
  return pause(BEFORE_MS, "before", signal);
}

/** Waits the "during" pause, when one is set; at once otherwise. */
export function duringQueueAdd(signal: AbortSignal): Promise<void> {
  return pause(DURING_MS, "during", signal);
}

async function pause(ms: number, where: string, signal: AbortSignal): Promise<void> {
  if (!(ms > 0) || signal.aborted) return;
  // The line the test waits for: it knows the scheduler is in the window.
  process.stderr.write(`momoflow test hook: paused ${where} the queue add\n`);
  await new Promise<void>((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}
