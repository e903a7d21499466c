/**
 * Debouncing per key: a burst of edits to one file refreshes its tests once,
 * while edits to different files do not delay each other. No `vscode` import.
 */
export class KeyedDebounce<K> {
  private readonly timers = new Map<K, NodeJS.Timeout>();

  constructor(
    private readonly delayMs: number,
    private readonly action: (key: K) => void,
  ) {}

  /** Runs the action for `key` once `delayMs` passed without another call for it. */
  schedule(key: K): void {
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.action(key);
      }, this.delayMs),
    );
  }

  /** Forgets a pending call for `key`. */
  cancel(key: K): void {
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
  }

  /** The keys with a call pending. */
  get pending(): number {
    return this.timers.size;
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
