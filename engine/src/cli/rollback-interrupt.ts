const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/** What {@link stopRollbackOnInterrupt} gives the rollback. */
export interface RollbackInterrupt {
  /** Aborted by the first Ctrl+C, SIGTERM or SIGHUP: the rollback gives up its running undo and starts no other. */
  signal: AbortSignal;
  /** Removes the handlers. */
  detach(): void;
}

/**
 * While `momoflow rollback` undoes steps, Ctrl+C, SIGTERM or SIGHUP give up
 * the running undo (its processes stopped: a shell undo's group would
 * otherwise go on alone) and start no other; the rollback still records what
 * it did, and the command then says what is left (see {@link leftToUndo}). A
 * second one exits there and then (130). Without this, Node's default ended
 * the process without a word, the undo's processes still running.
 */
export function stopRollbackOnInterrupt(
  runDir: string,
  notices: NodeJS.WritableStream,
): RollbackInterrupt {
  const controller = new AbortController();
  const say = (line: string): void => {
    try {
      notices.write(line);
    } catch {
      // A closed terminal (SIGHUP) fails the write: the exit code still says it.
    }
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    const name = signal === "SIGINT" ? "Ctrl+C" : signal;
    if (controller.signal.aborted) {
      say(`\n${name}: ${leftToUndo(runDir)}\n`);
      process.exit(130);
    }
    say(`\n${name}: giving up the running undo… (again to exit now)\n`);
    controller.abort(new Error(signal));
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
  return {
    signal: controller.signal,
    detach: () => {
      for (const signal of SIGNALS) process.off(signal, onSignal);
    },
  };
}

/** The sentence after a stopped rollback: the next one stops what the interrupted undo left running and undoes the rest. */
export function leftToUndo(runDir: string): string {
  return `rollback stopped; undo what is left with: momoflow rollback ${runDir}`;
}
