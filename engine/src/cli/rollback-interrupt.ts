const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * While `momoflow rollback` undoes steps, Ctrl+C, SIGTERM or SIGHUP stop it at
 * once (exit 130), as a second Ctrl+C stops a run: an undo is not itself
 * undone. Without this, Node's default ended the process without a word, and
 * the user did not know what was left. The next rollback stops what the
 * interrupted undo left running and undoes the rest, so that is what it says.
 *
 * @returns a function that removes the handlers.
 */
export function stopRollbackOnInterrupt(runDir: string, out: NodeJS.WritableStream): () => void {
  const onSignal = (signal: NodeJS.Signals): void => {
    try {
      out.write(
        `\n${signal === "SIGINT" ? "Ctrl+C" : signal}: rollback stopped; undo what is left with: momoflow rollback ${runDir}\n`,
      );
    } catch {
      // A closed terminal (SIGHUP) fails the write: the exit code still says it.
    }
    process.exit(130);
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
  return () => {
    for (const signal of SIGNALS) process.off(signal, onSignal);
  };
}
