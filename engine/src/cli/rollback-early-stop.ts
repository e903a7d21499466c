/**
 * `momoflow rollback` stopped before its rollback began. Its handlers of
 * Ctrl+C, SIGTERM and SIGHUP (rollback-interrupt.ts) are installed once the
 * run is found, after the command's bundle has loaded (some 0.15 s): a stop
 * before then ended the process by the signal's default action (SIGTERM:
 * 143), not with the documented 130. The launcher installs these first.
 */

/** What a rollback stopped before it began says: nothing was undone. */
export const STOPPED_BEFORE_ROLLBACK = "stopped before the rollback began: nothing was undone";

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * Until the rollback's own handlers are installed, a stop exits 130 saying
 * nothing was undone; from then on these leave every signal to them (a
 * handler added later makes the signal's listeners more than one).
 */
export function stopRollbackBeforeItBegins(): void {
  const onSignal = (signal: NodeJS.Signals): void => {
    if (process.listenerCount(signal) > 1) return;
    try {
      process.stderr.write(`\nmomoflow: ${STOPPED_BEFORE_ROLLBACK}\n`);
    } catch {
      // A closed terminal (SIGHUP) fails the write: the exit code still says it.
    }
    process.exit(130);
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
}
