/**
 * Whether a signal has aborted, as a plain field that its one listener sets.
 * Node's `AbortSignal.aborted` getter checks its receiver with a lookup that
 * goes megamorphic: ~300 instructions a read (valgrind), and a run asks
 * before every step (undo-deadline.ts's `GiveUp` does the same for a rollback).
 *
 * Made before any other listener is added to the signal, it is set before
 * any of them runs: code they start reads it as it reads the signal.
 */
export class AbortFlag {
  aborted: boolean;

  constructor(signal: AbortSignal) {
    this.aborted = signal.aborted;
    if (!this.aborted)
      signal.addEventListener("abort", () => (this.aborted = true), { once: true });
  }
}
