import { formatDuration } from "../units/quantity-text";
import { setLongTimeout } from "./long-timeout";
import { graceAfterAbort, STOP_GRACE_MS } from "./stop-grace";

/**
 * How long one step's undo may take when the step sets no `rollback_timeout`:
 * five minutes, as `helm rollback --timeout`. An undo that never settles (a
 * hung `kubectl`, a prompt nobody answers) must not hold its run forever: the
 * run could not end, nor could a cancelled or failed one.
 */
export const DEFAULT_ROLLBACK_TIMEOUT_MS = 5 * 60_000;

/** Why an undo was given up: its deadline passed, or the user stopped the rollback. */
export class UndoGivenUpError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UndoGivenUpError";
  }
}

/** How one undo is bounded. */
export interface UndoBounds {
  /** Its deadline (the step's `rollback_timeout`); default {@link DEFAULT_ROLLBACK_TIMEOUT_MS}. */
  timeoutMs?: number | undefined;
  /** Aborted to give up the running undo at once (a second Ctrl+C or SIGTERM). */
  giveUp?: AbortSignal | undefined;
}

/**
 * Runs `undo` with a signal that aborts when its deadline passes or `giveUp`
 * aborts. A shell undo's whole process group is then stopped (SIGTERM, then
 * SIGKILL after its grace), a `js()` undo sees `context.signal`; an undo that
 * still does not settle within {@link STOP_GRACE_MS} is left behind. Either
 * way the undo ends with an {@link UndoGivenUpError} saying why — unless it
 * finished its work after all (it resolved), which counts as undone.
 */
export async function boundedUndo(
  undo: (signal: AbortSignal) => Promise<void>,
  bounds: UndoBounds,
): Promise<void> {
  const timeoutMs = bounds.timeoutMs ?? DEFAULT_ROLLBACK_TIMEOUT_MS;
  const controller = new AbortController();
  const deadline = setLongTimeout(
    () =>
      controller.abort(
        new UndoGivenUpError(`given up after ${formatDuration(timeoutMs)} (its rollback_timeout)`),
      ),
    timeoutMs,
  );
  const onGiveUp = (): void =>
    controller.abort(
      new UndoGivenUpError(
        `given up: the rollback was stopped${reasonSuffix(bounds.giveUp?.reason)}`,
      ),
    );
  if (bounds.giveUp?.aborted) onGiveUp();
  else bounds.giveUp?.addEventListener("abort", onGiveUp, { once: true });
  const grace = graceAfterAbort(controller.signal);
  try {
    const settled = undo(controller.signal).then(
      () => ({ ok: true as const }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    const outcome = await Promise.race([settled, grace.passed.then(() => undefined)]);
    if (outcome?.ok) return;
    const reason = controller.signal.reason as unknown;
    if (reason instanceof UndoGivenUpError) {
      // The undo's own error ("shell command … was stopped") says less than why it was stopped.
      const left = outcome
        ? ""
        : `; it did not stop within ${STOP_GRACE_MS / 1000} s and may still be running`;
      throw new UndoGivenUpError(`${reason.message}${left}; momoflow rollback tries it again`);
    }
    throw outcome!.error;
  } finally {
    deadline.clear();
    grace.clear();
    bounds.giveUp?.removeEventListener("abort", onGiveUp);
  }
}

/** ` (a second SIGINT)` from the reason the rollback was stopped for, when it names one. */
function reasonSuffix(reason: unknown): string {
  return reason instanceof Error && reason.message ? ` (${reason.message})` : "";
}
