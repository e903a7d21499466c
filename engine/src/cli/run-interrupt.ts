import type { WorkflowContext } from "../runtime/context";
import { ignoreOutputErrors } from "./closed-output";
import { shellQuote } from "../commands/shell-quote";

/** 128 + SIGINT: the code of a command stopped by the user (Ctrl+C, SIGTERM, SIGHUP alike). */
export const STOPPED_EXIT_CODE = 130;

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/** What {@link stopRunOnInterrupt} gives `momoflow run`. */
export interface RunInterrupt {
  /**
   * Whether a Ctrl+C, SIGTERM or SIGHUP came before the run ended: the user
   * stopped it, and it exits {@link STOPPED_EXIT_CODE} whatever its status
   * (a failed run's rollback stopped ends `rolled_back` or
   * `partially_rolled_back`: how far it got).
   */
  readonly stopped: boolean;
  /** The run is over, its record written: from now on a stop ends the process at once, with {@link STOPPED_EXIT_CODE}. */
  runEnded(): void;
}

/**
 * First Ctrl+C (or SIGTERM, or SIGHUP: the terminal was closed): cancel the
 * run, which stops running steps and rolls back (when `rollsBack`: the
 * rollback is on; the line printed says which). A second Ctrl+C or SIGTERM
 * stops at once (a repeated SIGHUP is ignored): the steps still stopping are
 * not waited for, the running undo is given up (its processes stopped) and
 * no other starts, and the run ends with its record written, so
 * `momoflow rollback` undoes what is left later. A third one exits there and
 * then (the record then lacks the run's end, which `momoflow rollback` copes with).
 *
 * The handlers stay until the process exits, never removed: a stop that
 * comes once the record is written (while the summary is printed, or a
 * given-up step holds the process a moment) would otherwise end it by the
 * signal's default action (SIGTERM: 143), not with the documented 130.
 */
export function stopRunOnInterrupt(
  context: WorkflowContext,
  out: NodeJS.WritableStream,
  rollsBack: boolean,
): RunInterrupt {
  let interrupts = 0;
  let ended = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (signal === "SIGHUP") {
      // A closed terminal fails every later write (EIO): the rollback must go on regardless.
      ignoreOutputErrors();
      // A hangup often arrives twice (the kernel, then the shell passing it on to
      // its jobs): no one asked to stop at once, so only the first one counts.
      if (interrupts > 0 && !ended) return;
    }
    interrupts++;
    const name = signal === "SIGINT" ? "Ctrl+C" : signal;
    // Nothing is left to stop or to record: the process only had its summary to print.
    if (ended) process.exit(STOPPED_EXIT_CODE);
    if (interrupts === 1) {
      // With the rollback off (--no-rollback, `rollback_on_failure: false`) nothing is undone now.
      const then = rollsBack ? " and rolling back" : " (the rollback is off: nothing is undone)";
      out.write(`\n${name}: cancelling the run${then}… (again to stop at once)\n`);
      context.cancel(new Error(`cancelled by ${signal}`));
    } else if (interrupts === 2) {
      out.write(
        `\n${name} again: stopping at once, giving up the running undo… (again to exit now)\n`,
      );
      context.giveUp(new Error(`a second ${signal}`));
    } else {
      out.write(
        `stopped; undo what is left with: momoflow rollback ${context.runDir === undefined ? "<run dir>" : shellQuote(context.runDir)}\n`,
      );
      process.exit(STOPPED_EXIT_CODE);
    }
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
  return {
    get stopped() {
      return interrupts > 0;
    },
    runEnded: () => {
      ended = true;
    },
  };
}
