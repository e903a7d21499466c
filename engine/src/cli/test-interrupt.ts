import { ignoreOutputErrors } from "./closed-output";
import { STOPPED_EXIT_CODE } from "./run-interrupt";

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/** What {@link stopTestsOnInterrupt} gives `momoflow test`. */
export interface TestsInterrupt {
  /** Aborted by the first Ctrl+C, SIGTERM or SIGHUP: the running test is cancelled (its run rolled back), no other starts. */
  readonly signal: AbortSignal;
  /** Aborted by a second one: the running test's run stops at once (see `WorkflowContext.giveUp`). */
  readonly giveUpSignal: AbortSignal;
  /** What cancelled the tests (`Ctrl+C`, `SIGTERM`, `SIGHUP`); undefined while nothing has. */
  readonly cancelledBy: string | undefined;
  /** Whether the running test's run rolls back when cancelled (`rollback_on_failure`): what the first stop's line says. */
  rollsBack: boolean;
  /** The tests are over: the handlers go. */
  dispose(): void;
}

/**
 * Ctrl+C, SIGTERM or SIGHUP (the terminal was closed) while `momoflow test`
 * runs, in stages as `momoflow run` takes them (see `stopRunOnInterrupt`):
 * the first cancels the running test, whose run stops its steps and rolls
 * back; a second stops at once — the steps still stopping are not waited
 * for, the rollback is given up, and a shell action that ignores its signal
 * is killed as the process ends (no later `momoflow rollback` would stop it:
 * a test's folder is its own); a third exits there and then. A repeated
 * SIGHUP is not a second request: a closed terminal sends it again.
 */
export function stopTestsOnInterrupt(out: NodeJS.WritableStream): TestsInterrupt {
  const cancel = new AbortController();
  const giveUp = new AbortController();
  let interrupts = 0;
  let cancelledBy: string | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (signal === "SIGHUP") {
      // Every later write to the closed terminal fails (EIO): the test's rollback must go on regardless.
      ignoreOutputErrors();
      if (interrupts > 0) return;
    }
    interrupts++;
    const name = signal === "SIGINT" ? "Ctrl+C" : signal;
    if (interrupts === 1) {
      const then = interrupt.rollsBack
        ? " and rolling it back"
        : " (its rollback is off: nothing is undone)";
      out.write(`\n${name}: cancelling the running test${then}… (again to stop at once)\n`);
      cancelledBy = name;
      cancel.abort(new Error(`the tests were cancelled (${name})`));
    } else if (interrupts === 2) {
      out.write(
        `\n${name} again: stopping at once, giving up the test's rollback… (again to exit now)\n`,
      );
      giveUp.abort(new Error(`a second ${signal}`));
    } else process.exit(STOPPED_EXIT_CODE);
  };
  const interrupt: TestsInterrupt = {
    signal: cancel.signal,
    giveUpSignal: giveUp.signal,
    get cancelledBy() {
      return cancelledBy;
    },
    rollsBack: true,
    dispose: () => {
      for (const signal of SIGNALS) process.off(signal, onSignal);
    },
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
  return interrupt;
}
