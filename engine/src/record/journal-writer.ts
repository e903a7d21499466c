import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import type { JournalEvent } from "./journal-event";

/** Where run events go: the journal file, a progress listener, or both. */
export interface EventSink {
  /**
   * Records an event. `durable` (the default) events are in the file before
   * `emit` returns; others may wait for the next durable one (or `close`).
   */
  emit(event: JournalEvent, durable?: boolean): void;
  close(): void;
}

/** Deferred events are written at the latest when this much is pending. */
const MAX_PENDING = 64 * 1024;

/**
 * Appends events to `journal.jsonl`, one JSON object per line. Durable events
 * (an intent, rollback data, anything before an effect) are written
 * synchronously, so they are in the file (the OS page cache) before the engine
 * goes on: a process killed with SIGKILL loses nothing that matters.
 * Events that a rollback can do without (an outcome whose rollback data was
 * already recorded) ride along with the next durable write — one system call
 * per step instead of two. fsync is not needed against a kill, only against
 * power loss.
 */
export class JournalWriter implements EventSink {
  private fd: number | undefined;
  private pending = "";

  constructor(
    readonly path: string,
    dir: string,
  ) {
    mkdirSync(dir, { recursive: true });
    this.fd = openSync(path, "a");
  }

  emit(event: JournalEvent, durable = true): void {
    if (this.fd === undefined) throw new Error(`journal ${this.path} is closed`);
    this.pending += JSON.stringify(event) + "\n";
    if (durable || this.pending.length >= MAX_PENDING) this.flush();
  }

  close(): void {
    if (this.fd === undefined) return;
    this.flush();
    closeSync(this.fd);
    this.fd = undefined;
  }

  private flush(): void {
    if (this.pending === "") return;
    writeSync(this.fd!, this.pending);
    this.pending = "";
  }
}

/** Sends each event to every sink. */
export function combineSinks(sinks: (EventSink | undefined)[]): EventSink | undefined {
  const live = sinks.filter((s): s is EventSink => s !== undefined);
  if (live.length <= 1) return live[0];
  return {
    emit: (event, durable) => live.forEach((s) => s.emit(event, durable)),
    close: () => live.forEach((s) => s.close()),
  };
}

/** A sink that calls a listener; a listener's throw never breaks the run. */
export function listenerSink(listener: (event: JournalEvent) => void): EventSink {
  return {
    emit(event) {
      try {
        listener(event);
      } catch {
        // Progress display must not be able to fail a run.
      }
    },
    close() {},
  };
}
