/**
 * How one undo is given up: aborted when its deadline passes or the rollback
 * is stopped. Its `AbortSignal` is made only when the undo reads it — a shell
 * undo does, to stop its process group; most in-process undos never look.
 * Node's AbortController costs microseconds to make, and reusing one meant
 * asking whether anything still listened to it (as much again): both were
 * about a fifth of what undoing a no-op step costs.
 */
export class UndoAbort {
  // Fields set by the constructor, not declared with values: a subclass's
  // `new` (one per undo) is then plain stores V8 inlines, not a call that
  // defines each field.
  declare private controller: AbortController | undefined;
  declare private given: boolean;
  declare private why: unknown;
  /**
   * The undo found that the step never started anywhere (its execution's
   * `reportNeverStarted`: a run on workers whose job no worker took, now off
   * the queue): nothing of it ran and nothing was undone. The rollback then
   * records the step as never run (`not_run`), not `rolled_back`.
   */
  declare neverStarted: boolean;
  /**
   * The workers that found the step undone already (its execution's
   * `reportFoundUndone`): the undo an earlier rollback sent them went on
   * there after that rollback was killed, and nothing was undone again. The
   * rollback records it on the step's `step_rolled_back` line.
   */
  declare foundUndoneOn: string[] | undefined;
  /**
   * Ends what the undo printed (its unfinished line written, its log
   * closed, after `note` when one is given): set by its execution when it
   * first prints, called when the undo ends (see `WatchedUndo`). An undo
   * that prints nothing costs nothing.
   */
  declare outputEnd: ((note?: string) => void) | undefined;

  constructor() {
    this.controller = undefined;
    this.given = false;
    this.why = undefined;
    this.neverStarted = false;
    this.foundUndoneOn = undefined;
    this.outputEnd = undefined;
  }

  /**
   * The undo ended: what it printed is ended too (see {@link outputEnd}), its
   * log with `note` when one is given; only the first call counts.
   */
  endOutput(note?: string): void {
    const end = this.outputEnd;
    if (end === undefined) return;
    this.outputEnd = undefined;
    end(note);
  }

  /** The undo's signal: made on first read, already aborted when the undo was given up before. */
  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.given) this.controller.abort(this.why);
    }
    return this.controller.signal;
  }

  /** Whether the undo was given up. */
  get aborted(): boolean {
    return this.given;
  }

  /** Why it was given up (undefined while it was not). */
  get reason(): unknown {
    return this.why;
  }

  /** Gives the undo up with `reason`; only the first call counts, as with an AbortController. */
  abort(reason: unknown): void {
    if (this.given) return;
    this.given = true;
    this.why = reason;
    this.controller?.abort(reason);
  }
}
