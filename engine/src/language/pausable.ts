/**
 * Work that can stop at safe points: a generator that yields at each and
 * returns its result. The CLI runs it to the end at once ({@link runToEnd});
 * the language server drives it a slice at a time, so that a request
 * cancelled, or a document edited, while it runs is noticed at the next
 * safe point.
 */

/** Pausable work whose result is a `T`: each `yield` is a safe point. */
export type Pausable<T> = Generator<void, T, undefined>;

/**
 * How many items a loop handles between two safe points: a pause point
 * costs more than most items, and a driver's slice holds thousands of them.
 */
export const ITEMS_PER_PAUSE = 512;

/** Runs `work` to its end without stopping: for callers with no one to give the time back to. */
export function runToEnd<T>(work: Pausable<T>): T {
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
  }
}

/**
 * Counts the items of a long loop, across nested loops (many small inner
 * loops add up too), and says when a safe point is due.
 */
export class PauseCounter {
  private items = 0;

  /** One more item: true every {@link ITEMS_PER_PAUSE} items. */
  due(): boolean {
    return ++this.items % ITEMS_PER_PAUSE === 0;
  }
}
