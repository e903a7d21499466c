/**
 * Fault-injection hooks for tests only: when the environment variable
 * `MOMOFLOW_TEST_KILL_AFTER_LINE_WITH` is set, the process kills itself with
 * SIGKILL right after a journal write that put into the file a line
 * containing that text — so a test can stop a real run at exactly that point
 * of its record. `MOMOFLOW_TEST_KILL_AFTER_RESERVE=1` kills it right after it
 * wrote a journal's reserve (`journal.reserve`), a point no line marks.
 * Unset (always, in normal use) they do nothing: each variable is read once,
 * and each write then costs one comparison.
 */
const KILL_AFTER_LINE_WITH: string | undefined = process.env.MOMOFLOW_TEST_KILL_AFTER_LINE_WITH;
const KILL_AFTER_RESERVE = process.env.MOMOFLOW_TEST_KILL_AFTER_RESERVE === "1";

/** Called after `bytes` were written to a journal: kills the process when the test hook asks for it. */
export function afterJournalWrite(bytes: Buffer, start: number, end: number): void {
  if (KILL_AFTER_LINE_WITH === undefined || KILL_AFTER_LINE_WITH === "") return;
  if (bytes.toString("utf8", start, end).includes(KILL_AFTER_LINE_WITH))
    process.kill(process.pid, "SIGKILL");
}

/** Called after a journal's reserve was written: kills the process when the test hook asks for it. */
export function afterReserveWrite(): void {
  if (KILL_AFTER_RESERVE) process.kill(process.pid, "SIGKILL");
}
