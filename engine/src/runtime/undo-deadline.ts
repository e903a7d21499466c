import { formatDuration } from "../units/quantity-text";
import { performance } from "node:perf_hooks";
import { MAX_TIMER_MS } from "./long-timeout";
import { STOP_GRACE_MS } from "./stop-grace";
import { UndoAbort } from "./undo-abort";

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

/** An undo being watched: its signal, its deadline, what to do once it is aborted. */
interface WatchedUndo {
  readonly abort: UndoAbort;
  /** On the monotonic clock (`performance.now()`). */
  readonly deadlineAt: number;
  readonly timeoutMs: number;
  readonly giveUp: AbortSignal | undefined;
  /** Starts the grace the undo has to stop once its signal aborted. */
  aborted(): void;
  /** Its neighbours in the list of undos running now (see {@link watching}). */
  prev: WatchedUndo | undefined;
  next: WatchedUndo | undefined;
}

/**
 * The undos running now, watched by one timer for them all (armed for the
 * earliest deadline) and one listener per give-up signal: an undo costs no
 * timer and no listener of its own. Most undos take microseconds against a
 * deadline of minutes, and a timer, a listener and a grace armed per undo
 * made a rollback cost twice its run per step. They are a list linked
 * through the undos themselves: a `Set` added to and emptied once per undo
 * grows and shrinks its table each time, a fifth of a no-op undo.
 */
let watching: WatchedUndo | undefined;
let deadlineTimer: NodeJS.Timeout | undefined;
let deadlineTimerAt = Infinity;
/** The give-up signals listened to (one listener per signal, for every undo it gives up). */
const listenedGiveUps = new WeakSet<AbortSignal>();

/**
 * Rollbacks under way: while there is one, the deadline timer holds the
 * process (a js() undo that awaits nothing the event loop holds would
 * otherwise let it exit before its deadline). Held per rollback, not per
 * undo: ref and unref of a Node timer each cross into C++.
 */
let holders = 0;

/**
 * Holds the deadline timer for a rollback's undos, until the returned
 * function is called (once, when the rollback ends).
 */
export function holdUndoDeadlines(): () => void {
  if (holders++ === 0) deadlineTimer?.ref();
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--holders === 0) deadlineTimer?.unref();
  };
}

function watch(undo: WatchedUndo): void {
  undo.next = watching;
  if (watching !== undefined) watching.prev = undo;
  watching = undo;
  if (undo.deadlineAt < deadlineTimerAt) armDeadlineTimer(undo.deadlineAt);
  const giveUp = undo.giveUp;
  if (giveUp === undefined || listenedGiveUps.has(giveUp)) return;
  listenedGiveUps.add(giveUp);
  giveUp.addEventListener(
    "abort",
    () => {
      forEachWatched((u) => {
        if (u.giveUp === giveUp) abortUndo(u, givenUpByUser(giveUp.reason));
      });
    },
    { once: true },
  );
}

function unwatch(undo: WatchedUndo): void {
  if (undo.prev !== undefined) undo.prev.next = undo.next;
  else if (watching === undo) watching = undo.next;
  if (undo.next !== undefined) undo.next.prev = undo.prev;
  undo.prev = undo.next = undefined;
  // Kept armed: the next undo most likely has a later deadline.
}

/** Calls `visit` on each undo running now (`visit` may unwatch the one it is given). */
function forEachWatched(visit: (undo: WatchedUndo) => void): void {
  let undo = watching;
  while (undo !== undefined) {
    const next = undo.next;
    visit(undo);
    undo = next;
  }
}

function armDeadlineTimer(at: number): void {
  if (deadlineTimer !== undefined) clearTimeout(deadlineTimer);
  deadlineTimerAt = at;
  // One Node timer holds at most MAX_TIMER_MS: a later deadline is looked at again then.
  const ms = Math.min(Math.max(0, at - performance.now()), MAX_TIMER_MS);
  deadlineTimer = setTimeout(deadlinesPassed, ms);
  if (holders === 0) deadlineTimer.unref();
}

/** Aborts the undos whose deadline passed, and arms the timer for the next one. */
function deadlinesPassed(): void {
  deadlineTimer = undefined;
  deadlineTimerAt = Infinity;
  const now = performance.now();
  let next = Infinity;
  forEachWatched((undo) => {
    if (undo.deadlineAt <= now)
      abortUndo(
        undo,
        new UndoGivenUpError(
          `given up after ${formatDuration(undo.timeoutMs)} (its rollback_timeout)`,
        ),
      );
    else if (undo.deadlineAt < next) next = undo.deadlineAt;
  });
  if (next < Infinity) armDeadlineTimer(next);
}

function abortUndo(undo: WatchedUndo, reason: UndoGivenUpError): void {
  if (undo.abort.aborted) return;
  undo.abort.abort(reason);
  undo.aborted();
}

function givenUpByUser(reason: unknown): UndoGivenUpError {
  return new UndoGivenUpError(`given up: the rollback was stopped${reasonSuffix(reason)}`);
}

/**
 * Runs `undo` with an {@link UndoAbort} given up when its deadline passes or
 * `giveUp` aborts (its signal is made only if the undo reads it). A shell
 * undo's whole process group is then stopped (SIGTERM, then SIGKILL after
 * its grace), a `js()` undo sees `context.signal`; an undo that
 * still does not settle within {@link STOP_GRACE_MS} is left behind. Either
 * way the undo ends with an {@link UndoGivenUpError} saying why — unless it
 * finished its work after all (it resolved), which counts as undone.
 * The process waits for the deadline only under {@link holdUndoDeadlines}
 * (which `undoSteps` takes for its whole rollback).
 */
export function boundedUndo(
  undo: (abort: UndoAbort) => Promise<void>,
  bounds: UndoBounds,
): Promise<void> {
  const timeoutMs = bounds.timeoutMs ?? DEFAULT_ROLLBACK_TIMEOUT_MS;
  const abort = new UndoAbort();
  return new Promise<void>((resolve, reject) => {
    let done = false;
    let grace: NodeJS.Timeout | undefined;
    const finish = (error?: unknown): void => {
      if (done) return;
      done = true;
      unwatch(watchedUndo);
      if (grace !== undefined) clearTimeout(grace);
      if (error === undefined) resolve();
      else reject(error);
    };
    /** The error of an undo given up: why, and whether it may still be running. */
    const givenUp = (stillRunning: boolean): UndoGivenUpError => {
      const reason = abort.reason as UndoGivenUpError;
      // The undo's own error ("shell command … was stopped") says less than why it was stopped.
      const left = stillRunning
        ? `; it did not stop within ${STOP_GRACE_MS / 1000} s and may still be running`
        : "";
      return new UndoGivenUpError(`${reason.message}${left}; momoflow rollback tries it again`);
    };
    const watchedUndo: WatchedUndo = {
      abort,
      deadlineAt: performance.now() + timeoutMs,
      timeoutMs,
      giveUp: bounds.giveUp,
      aborted: () => {
        grace = setTimeout(() => finish(givenUp(true)), STOP_GRACE_MS);
      },
      prev: undefined,
      next: undefined,
    };
    watch(watchedUndo);
    if (bounds.giveUp?.aborted) abortUndo(watchedUndo, givenUpByUser(bounds.giveUp.reason));
    let running: Promise<void>;
    try {
      running = undo(abort);
    } catch (error) {
      running = Promise.reject(error);
    }
    running.then(
      () => finish(),
      (error: unknown) => finish(abort.reason instanceof UndoGivenUpError ? givenUp(false) : error),
    );
  });
}

/** ` (a second SIGINT)` from the reason the rollback was stopped for, when it names one. */
function reasonSuffix(reason: unknown): string {
  return reason instanceof Error && reason.message ? ` (${reason.message})` : "";
}
