import { STOP_GRACE_MS } from "../runtime/stop-grace";
import { durationText } from "../units/quantity-text";

/**
 * How long a step or undo in a worker's step thread has to end once it was
 * stopped (its timeout, the run stopped, the undo given up) before the
 * worker ends its thread: a `js()` function busy in its own code (a CPU
 * loop) never reads the message that stops it, and would hold its slot —
 * for an undo, the worker's one undo at a time — for ever. Shorter than the
 * scheduler's own wait for it ({@link STOP_GRACE_MS}), so that the
 * scheduler hears how it ended.
 */
export const THREAD_STOP_GRACE_MS = STOP_GRACE_MS - 2000;

/**
 * How the worker says it ended a thread, after the reason it was stopped
 * for; the scheduler adds it to the step's error (see `noteStop`).
 */
export const THREAD_ENDED = `it did not stop within ${durationText(THREAD_STOP_GRACE_MS)}, so its step thread was ended`;
