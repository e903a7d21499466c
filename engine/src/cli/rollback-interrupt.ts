import { shellQuote } from "../commands/shell-quote";

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/** What {@link stopRollbackOnInterrupt} gives the rollback. */
export interface RollbackInterrupt {
  /** Aborted by the first Ctrl+C, SIGTERM or SIGHUP: the rollback gives up its running undo and starts no other. */
  signal: AbortSignal;
  /**
   * The rollback is over, its record written: from now on a stop ends the
   * process at once (130). The handlers stay until the process exits: else
   * a stop while the report is printed, or while an undo left behind holds
   * the process, would end it by the signal's default action (SIGTERM: 143).
   */
  rollbackEnded(): void;
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
  let ended = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    const name = signal === "SIGINT" ? "Ctrl+C" : signal;
    if (ended) process.exit(130);
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
    rollbackEnded: () => {
      ended = true;
    },
  };
}

/** The sentence after a stopped rollback: the next one stops what the interrupted undo left running and undoes the rest. */
export function leftToUndo(runDir: string): string {
  return `rollback stopped; undo what is left with: momoflow rollback ${shellQuote(runDir)}`;
}
