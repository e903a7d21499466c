import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import type { JournalEvent } from "./journal-event";

/** Where run events go: the journal file, a progress listener, or both. */
export interface EventSink {
  emit(event: JournalEvent): void;
  close(): void;
}

/**
 * Appends events to `journal.jsonl`, one JSON object per line. Each write is
 * synchronous and unbuffered, so an event is in the file (the OS page cache)
 * before the engine goes on: a process killed with SIGKILL loses nothing it
 * recorded. (fsync is not needed for that; only for power loss.)
 */
export class JournalWriter implements EventSink {
  private fd: number | undefined;

  constructor(
    readonly path: string,
    dir: string,
  ) {
    mkdirSync(dir, { recursive: true });
    this.fd = openSync(path, "a");
  }

  emit(event: JournalEvent): void {
    if (this.fd === undefined) throw new Error(`journal ${this.path} is closed`);
    writeSync(this.fd, JSON.stringify(event) + "\n");
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/** Sends each event to every sink. */
export function combineSinks(sinks: (EventSink | undefined)[]): EventSink | undefined {
  const live = sinks.filter((s): s is EventSink => s !== undefined);
  if (live.length <= 1) return live[0];
  return {
    emit: (event) => live.forEach((s) => s.emit(event)),
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
