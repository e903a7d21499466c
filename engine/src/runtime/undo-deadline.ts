import { durationText } from "../units/quantity-text";
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

/**
 * Told once that an undo ended: with no error when it was undone, else with
 * its error; and the {@link UndoAbort} the undo was given (what it found).
 */
export type UndoEnded = (error?: unknown, abort?: UndoAbort) => void;

/**
 * A give-up signal as bounded undos see it, one per signal: `aborted` is a
 * field its one listener sets. AbortSignal's own getter checks its receiver
 * with a lookup that goes megamorphic, and a rollback read it twice per
 * undo (4% of a no-op undo's instructions).
 */
export class GiveUp {
  aborted: boolean;

  constructor(readonly signal: AbortSignal) {
    this.aborted = signal.aborted;
  }
}

/** The give-up signals listened to (one listener per signal, for every undo it gives up). */
const giveUps = new WeakMap<AbortSignal, GiveUp>();

/**
 * The {@link GiveUp} of `signal`, listening to it on first use: when it
 * aborts, the flag is set and every undo it bounds is given up.
 */
export function giveUpOf(signal: AbortSignal | undefined): GiveUp | undefined {
  if (signal === undefined) return undefined;
  const known = giveUps.get(signal);
  if (known !== undefined) return known;
  const giveUp = new GiveUp(signal);
  giveUps.set(signal, giveUp);
  // An aborted signal fires no more: its undos are given up as they start (see startBoundedUndo).
  if (!giveUp.aborted)
    signal.addEventListener(
      "abort",
      () => {
        giveUp.aborted = true;
        forEachWatched((u) => {
          if (u.giveUp === giveUp) abortUndo(u, givenUpByUser(signal.reason));
        });
      },
      { once: true },
    );
  return giveUp;
}

/**
 * An undo being bounded: the {@link UndoAbort} it is given, its deadline,
 * and whom to tell when it ends. One object per undo (no closures of its
 * own): a rollback makes one per step.
 */
class WatchedUndo extends UndoAbort {
  // Set by the constructor, not declared with values (see UndoAbort).
  declare readonly timeoutMs: number;
  declare readonly giveUp: GiveUp | undefined;
  declare private readonly ended: UndoEnded;
  /** On the monotonic clock (`performance.now()`). */
  declare readonly deadlineAt: number;
  /** Its neighbours in the list of undos running now (see {@link watching}). */
  declare prev: WatchedUndo | undefined;
  declare next: WatchedUndo | undefined;
  declare private done: boolean;
  declare private grace: NodeJS.Timeout | undefined;

  constructor(timeoutMs: number, giveUp: GiveUp | undefined, ended: UndoEnded, startedAt: number) {
    super();
    this.timeoutMs = timeoutMs;
    this.giveUp = giveUp;
    this.ended = ended;
    this.deadlineAt = startedAt + timeoutMs;
    this.prev = undefined;
    this.next = undefined;
    this.done = false;
    this.grace = undefined;
  }

  /** Starts the grace the undo has to stop once its signal aborted. */
  startGrace(): void {
    this.grace = setTimeout(() => this.finish(this.givenUp(true), true), STOP_GRACE_MS);
  }

  /** The undo's own outcome: undone, or its error (why it was given up, when it was). */
  settled(error?: unknown): void {
    if (error === undefined) this.finish();
    else this.finish(this.reason instanceof UndoGivenUpError ? this.givenUp(false) : error);
  }

  /** @param leftRunning the undo was given up and did not stop: it may go on printing. */
  private finish(error?: unknown, leftRunning = false): void {
    if (this.done) return;
    this.done = true;
    unwatch(this);
    if (this.grace !== undefined) clearTimeout(this.grace);
    // Its output ends before the line saying how it ended: an unfinished last line comes first.
    // Left running, it may print on; its log says that nothing of that is kept.
    this.endOutput(leftRunning ? leftRunningNote(this.reason) : undefined);
    this.ended(error, this);
  }

  /** The error of an undo given up: why, and whether it may still be running. */
  private givenUp(stillRunning: boolean): UndoGivenUpError {
    const reason = this.reason as UndoGivenUpError;
    // The undo's own error ("shell command … was stopped") says less than why it was stopped.
    const left = stillRunning
      ? `; it did not stop within ${durationText(STOP_GRACE_MS)} and may still be running`
      : "";
    return new UndoGivenUpError(`${reason.message}${left}; momoflow rollback tries it again`);
  }
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
          `given up after ${durationText(undo.timeoutMs)} (its rollback_timeout)`,
        ),
      );
    else if (undo.deadlineAt < next) next = undo.deadlineAt;
  });
  if (next < Infinity) armDeadlineTimer(next);
}

function abortUndo(undo: WatchedUndo, reason: UndoGivenUpError): void {
  if (undo.aborted) return;
  undo.abort(reason);
  undo.startGrace();
}

/**
 * The last line of the log of an undo given up and left running: what it
 * prints after is not kept — the rollback may have ended, and its record
 * with it, and lines after would read as if it had still been going.
 */
function leftRunningNote(reason: unknown): string {
  const why = reason instanceof UndoGivenUpError ? reason.message : "given up";
  return `── ${why}, and left running: nothing it printed after this is kept ──\n`;
}

function givenUpByUser(reason: unknown): UndoGivenUpError {
  return new UndoGivenUpError(`given up: the rollback was stopped${reasonSuffix(reason)}`);
}

/**
 * Starts `item.undo` with an {@link UndoAbort} given up when its deadline
 * (`item.timeoutMs`, the step's `rollback_timeout`) passes or `giveUp`
 * aborts (its signal is made only if the undo reads it). A shell
 * undo's whole process group is then stopped (SIGTERM, then SIGKILL after
 * its grace), a `js()` undo sees `context.signal`; an undo that
 * still does not settle within {@link STOP_GRACE_MS} is left behind. Either
 * way the undo ends with an {@link UndoGivenUpError} saying why — unless it
 * finished its work after all (it resolved), which counts as undone.
 * The process waits for the deadline only under {@link holdUndoDeadlines}
 * (which `undoSteps` takes for its whole rollback).
 *
 * `ended` is told once, never before this returns. No promise is made for
 * the undo beyond its own: a rollback starts one undo per step, and a
 * promise, its executor and the reactions around each were a third of what
 * undoing a no-op step allocated. `undo` is called as the item's method: an
 * item may be a class whose undo reads its fields.
 *
 * @param giveUp aborted to give up the running undo at once (a second
 *   Ctrl+C or SIGTERM); see {@link giveUpOf}.
 * @param startedAt when the undo starts (`performance.now()`), if the caller has just read it:
 *   its deadline runs from then.
 */
export function startBoundedUndo(
  item: { undo(abort: UndoAbort): Promise<void>; timeoutMs?: number | undefined },
  giveUp: GiveUp | undefined,
  ended: UndoEnded,
  startedAt: number = performance.now(),
): void {
  const timeoutMs = item.timeoutMs ?? DEFAULT_ROLLBACK_TIMEOUT_MS;
  const watched = new WatchedUndo(timeoutMs, giveUp, ended, startedAt);
  watch(watched);
  if (giveUp?.aborted) abortUndo(watched, givenUpByUser(giveUp.signal.reason));
  let running: Promise<void>;
  try {
    // An undo that returns no promise (a plain function's) is done when it returns.
    running = Promise.resolve(item.undo(watched));
  } catch (error) {
    running = Promise.reject(error);
  }
  void settleWhenDone(running, watched);
}

/** Settles `watched` with how `running` ended. It never rejects: `settled` does not throw. */
async function settleWhenDone(running: Promise<void>, watched: WatchedUndo): Promise<void> {
  try {
    await running;
  } catch (error) {
    // `throw undefined` is a failure too, not an undo done.
    watched.settled(error ?? new Error(`the undo threw ${String(error)}`));
    return;
  }
  watched.settled();
}

/** {@link startBoundedUndo} as a promise: resolved when undone, rejected with the undo's error. */
export function boundedUndo(
  item: { undo(abort: UndoAbort): Promise<void>; timeoutMs?: number | undefined },
  giveUp: AbortSignal | undefined,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    startBoundedUndo(item, giveUpOf(giveUp), (error) =>
      error === undefined ? resolve() : reject(error),
    );
  });
}

/** ` (a second SIGINT)` from the reason the rollback was stopped for, when it names one. */
function reasonSuffix(reason: unknown): string {
  return reason instanceof Error && reason.message ? ` (${reason.message})` : "";
}
