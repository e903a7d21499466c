/**
 * A hook for tests only: when `MOMOFLOW_TEST_PAUSE_AFTER_NAME_CHECK_MS` is
 * set, a worker whose name checks passed waits that long before it
 * registers (its BullMQ workers connect under its name). A test starting
 * several workers of one name at once so makes every one of them pass its
 * checks before any registers: a check that is not also the claim (a read,
 * then a registration) lets them all through, every time, not only when
 * their timing happens to interleave. Unset (always, in normal use) it does
 * nothing: the variable is read once.
 */
const PAUSE_MS = Number(process.env.MOMOFLOW_TEST_PAUSE_AFTER_NAME_CHECK_MS ?? 0);

/** Waits the test hook's pause, when one is set; at once otherwise. */
export async function afterNameCheck(): Promise<void> {
  if (!(PAUSE_MS > 0)) return;
  await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
}
