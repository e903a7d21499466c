import { closeSync, fstatSync, ftruncateSync, openSync, readSync, writeSync } from "node:fs";
import { JournalBuffer } from "./journal-buffer";
import { lostOutcome } from "./lost-outcome";
import type { KeptMetricsBytes } from "./kept-metrics-bytes";
import type { JournalEvent } from "./journal-event";
import type { JournalReserve } from "./journal-reserve";
import { RecordWriteError } from "./record-write-error";
import { afterJournalWrite } from "./test-kill-hook";
import { makeFolders } from "../runtime/make-folders";
import { plainOutcomeEvent, type PlainOutcome } from "./plain-outcome";

/** Where run events go: the journal file, a progress listener, or both. */
export interface EventSink {
  /**
   * Records an event. `durable` (the default) events are in the file before
   * `emit` returns; others may wait for the next durable one (or `close`).
   *
   * @throws RecordWriteError when the journal could not be written: what was
   *   to follow the event must not happen.
   */
  emit(event: JournalEvent, durable?: boolean): void;
  /**
   * Records `events` durably and together, in one write: a process killed
   * then leaves all of them in the file or none (a reused step's intent
   * without its outcome would look half-done). A sink without it is given
   * them one by one (see {@link emitTogether}).
   *
   * @throws RecordWriteError as `emit`.
   */
  emitTogether?(events: readonly JournalEvent[]): void;
  /**
   * Records a plain intent — `step_started` without an undo, not after a
   * failure — durably, as `emit` would its event, without an event made for
   * it (every step records one). A sink without it is given the event.
   *
   * @throws RecordWriteError as `emit`.
   */
  emitStarted?(step: string, time: number, attempt: number): void;
  /**
   * Records a {@link PlainOutcome} as its `step_finished` event, not durably
   * (see `emit`), without the event made for it. A sink without it is given
   * the event.
   *
   * @throws RecordWriteError as `emit`.
   */
  emitOutcome?(outcome: PlainOutcome): void;
  close(): void;
}

/** Records a plain intent on `sink` (see {@link EventSink.emitStarted}). */
export function emitStarted(sink: EventSink, step: string, time: number, attempt: number): void {
  if (sink.emitStarted) sink.emitStarted(step, time, attempt);
  else sink.emit({ type: "step_started", time, step, attempt });
}

/** Records a plain outcome on `sink`, not durably (see {@link EventSink.emitOutcome}). */
export function emitOutcome(sink: EventSink, outcome: PlainOutcome): void {
  if (sink.emitOutcome) sink.emitOutcome(outcome);
  else sink.emit(plainOutcomeEvent(outcome), false);
}

/** Records `events` on `sink` in one write when it can (see {@link EventSink.emitTogether}). */
export function emitTogether(sink: EventSink, events: readonly JournalEvent[]): void {
  if (sink.emitTogether) sink.emitTogether(events);
  else for (const event of events) sink.emit(event);
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
 * per step instead of two; a write the disk turns away keeps them, to be
 * written again from the reserve ({@link JournalWriter.writeLost}). fsync is not needed against a kill, only against
 * power loss.
 *
 * Every write is checked: a failed or short write (a full disk) throws
 * {@link RecordWriteError}, and the half-written line is cut off again, so the
 * journal stays a list of whole lines that a later writer can append to.
 * A write that found the disk full is tried again, within
 * {@link JournalWriter.withReserve}, after each block the run's
 * {@link JournalReserve} gives back.
 */
export class JournalWriter implements EventSink {
  private fd: number | undefined;
  /** Lines not written yet, as bytes: one buffer for the whole run. */
  private readonly pending = new JournalBuffer();
  /** Bytes in the file: where a failed write is cut back to. */
  private size: number;
  /** The file does not end with a newline (a writer died mid-line): start the next write with one. */
  private brokenTail: boolean;
  /** Room kept for the rollback's lines; drawn on only within {@link withReserve}. */
  reserve: JournalReserve | undefined;
  private reserveOpen = false;
  /** A write found the disk full. */
  private diskFull = false;
  /**
   * The deferred events in `pending` (see {@link emit}): outcomes of steps
   * that ended, the first `deferredCount` of them. Counted, not emptied by
   * `length = 0`, which lets the array's storage go: nearly every step defers
   * its outcome, and made a new one per step.
   */
  private readonly deferred: (JournalEvent | PlainOutcome | undefined)[] = [];
  private deferredCount = 0;
  /**
   * Deferred events a failed write took with it: what they say happened (a
   * step ended), so they are written again by {@link writeLost}, from the
   * reserve — lost, a step that succeeded would read as interrupted, and
   * `--resume` would run it again.
   */
  private lost: JournalEvent[] = [];

  /** @throws RecordWriteError when the folder or the file cannot be created. */
  constructor(
    readonly path: string,
    dir: string,
  ) {
    try {
      makeFolders(dir);
      this.fd = openSync(path, "a+");
      this.size = fstatSync(this.fd).size;
      this.brokenTail = this.size > 0 && lastByte(this.fd, this.size) !== 0x0a;
    } catch (error) {
      if (this.fd !== undefined) closeSync(this.fd);
      throw new RecordWriteError(path, error);
    }
  }

  emit(event: JournalEvent, durable = true): void {
    const start = this.lineStart();
    this.pending.append(event);
    this.written(durable ? start : -1, event);
  }

  emitStarted(step: string, time: number, attempt: number): void {
    const start = this.lineStart();
    this.pending.appendStarted(step, time, attempt);
    this.flush(start);
  }

  emitOutcome(outcome: PlainOutcome): void {
    this.lineStart();
    this.pending.appendOutcome(outcome);
    this.written(-1, outcome);
  }

  /**
   * Where the next line starts in what is pending; a line left half-written
   * by a writer that died is ended before the first new one.
   */
  private lineStart(): number {
    if (this.fd === undefined) throw new Error(`journal ${this.path} is closed`);
    if (this.brokenTail && this.pending.length === 0) this.pending.newline();
    return this.pending.length;
  }

  /**
   * A line was appended: written now when durable (its bytes from
   * `durableStart`), else deferred (`deferred`: what it records, to be
   * written again if a failed write takes it with it; -1: not durable).
   */
  private written(durableStart: number, deferred: JournalEvent | PlainOutcome): void {
    if (durableStart >= 0) return this.flush(durableStart);
    this.deferred[this.deferredCount++] = deferred;
    if (this.pending.length >= MAX_PENDING) this.flush(this.pending.length);
  }

  /**
   * Keeps, from now on, the bytes of each step line's metrics for the run's
   * `result.json` (see {@link KeptMetricsBytes}), with room for `steps`
   * steps; undefined when the lines are
   * not encoded by hand (a process's first run).
   */
  keepMetrics(steps: number): KeptMetricsBytes | undefined {
    return this.pending.keepMetrics(steps);
  }

  /** The metrics bytes kept since {@link keepMetrics}, if it was called. */
  get keptMetrics(): KeptMetricsBytes | undefined {
    return this.pending.keptMetrics;
  }

  /** Lets the kept metrics bytes go (`result.json` is written). */
  dropKeptMetrics(): void {
    this.pending.dropKeptMetrics();
  }

  /** Whether a failed write took deferred events with it that {@link writeLost} has not written again. */
  get hasLost(): boolean {
    return this.lost.length > 0;
  }

  /**
   * Writes again, in one write, the deferred events a failed write took with
   * it (see {@link lost}); run it within {@link withReserve}, before the lines
   * of the rollback and the run's end. @throws RecordWriteError as `emit`.
   */
  writeLost(): void {
    if (this.lost.length === 0) return;
    const events = this.lost.map(lostOutcome);
    this.lost = [];
    this.emitTogether(events);
  }

  emitTogether(events: readonly JournalEvent[]): void {
    const start = this.lineStart();
    // However many bytes they take, no flush in between: one write.
    for (const event of events) this.pending.append(event);
    this.flush(start);
  }

  /**
   * Runs `write` (emits of the rollback or the run's end) letting a write
   * that finds the disk full draw on the reserve. Forward lines never do: the
   * run would spend the room on more work to undo.
   */
  withReserve(write: () => void): void;
  /** Runs `write(value)` so: a function made once serves every line (a rollback writes one per undo). */
  withReserve<T>(write: (value: T) => void, value: T): void;
  withReserve<T>(write: (value?: T) => void, value?: T): void {
    if (this.reserve === undefined || this.reserveOpen) return write(value);
    this.reserveOpen = true;
    try {
      write(value);
    } finally {
      this.reserveOpen = false;
    }
  }

  /**
   * Whether the lines of an undo started now are sure to be recorded: no
   * write has found the disk full, or the reserve still holds room for them.
   * When not, an undo must not start: it would happen unrecorded, and a later
   * rollback would run it again.
   */
  roomAssured(): boolean {
    return !this.diskFull || this.reserve?.roomForUndo === true;
  }

  /** Writes what is pending and closes the file; @throws RecordWriteError (the file is closed all the same). */
  close(): void {
    if (this.fd === undefined) return;
    try {
      this.flush(this.pending.length);
    } finally {
      closeSync(this.fd);
      this.fd = undefined;
    }
  }

  /**
   * Writes what is pending: the deferred outcomes, then, from `durableStart`,
   * the lines that made the write necessary (none when it is the length: a
   * write of deferred ones alone).
   */
  private flush(durableStart: number): void {
    const length = this.pending.length;
    if (length === 0) return;
    const fd = this.fd!;
    try {
      // The backing buffer itself, not a view of it: no Buffer object per write.
      const bytes = this.pending.backing();
      const written = writeSync(fd, bytes, 0, length);
      if (written !== length) writeRest(fd, bytes, written, length);
      this.size += length;
      this.brokenTail = false;
      afterJournalWrite(bytes, 0, length);
    } catch (error) {
      this.cutBack(fd);
      const failure = this.retryOnReserve(fd, error, durableStart);
      if (failure !== undefined) {
        // The deferred lines say what happened: kept to be written again (see `writeLost`).
        for (let i = 0; i < this.deferredCount; i++) this.lost.push(eventOf(this.deferred[i]!));
        throw new RecordWriteError(this.path, failure);
      }
    } finally {
      // Written or not, these lines are done with: a failure cut them off again.
      this.pending.clear();
      // Let the events go (the run keeps what it needs of them elsewhere).
      for (let i = 0; i < this.deferredCount; i++) this.deferred[i] = undefined;
      this.deferredCount = 0;
    }
  }

  /**
   * After a write that found the disk full: gives back the reserve a block at
   * a time (only within {@link withReserve}), writing again after each.
   * @returns the last failure, or undefined once the lines are written.
   */
  private retryOnReserve(fd: number, error: unknown, durableStart: number): unknown {
    if (!isDiskFull(error)) return error;
    this.diskFull = true;
    if (!this.reserveOpen) return error;
    const before = this.pending.length;
    const length = this.slimDeferred(durableStart);
    // Shorter now, the lines may fit as they are; else each try gives back a block first.
    for (let free = length < before; free || this.reserve!.giveBack(); free = false) {
      try {
        writeRest(fd, this.pending.backing(), 0, length);
        this.size += length;
        this.brokenTail = false;
        afterJournalWrite(this.pending.backing(), 0, length);
        return undefined;
      } catch (again) {
        this.cutBack(fd);
        if (!isDiskFull(again)) return again;
        error = again;
      }
    }
    return error;
  }

  /**
   * Encodes what is pending again with its deferred outcomes as
   * {@link lostOutcome} has them (a long output left out), then the durable
   * lines from `durableStart` as they were: the reserve is the room of the
   * rollback's lines, and one outcome with a long output riding along with
   * the rollback's first line took all of it.
   * @returns the length now pending.
   */
  private slimDeferred(durableStart: number): number {
    if (this.deferredCount === 0) return this.pending.length;
    // A copy: the deferred lines are encoded again over them.
    const durable = Buffer.from(this.pending.view().subarray(durableStart));
    this.pending.clear();
    if (this.brokenTail) this.pending.newline();
    for (let i = 0; i < this.deferredCount; i++)
      this.pending.append(lostOutcome(eventOf(this.deferred[i]!)));
    this.pending.appendBytes(durable);
    return this.pending.length;
  }

  /** Removes a half-written line; when even that fails, the next write starts on a new line. */
  private cutBack(fd: number): void {
    try {
      ftruncateSync(fd, this.size);
    } catch {
      this.brokenTail = true;
      return;
    }
    this.brokenTail = this.size > 0 && lastByte(fd, this.size) !== 0x0a;
  }
}

/** What a deferred line records, as its event (a plain outcome was kept without one). */
function eventOf(deferred: JournalEvent | PlainOutcome): JournalEvent {
  return "type" in deferred ? deferred : plainOutcomeEvent(deferred);
}

/** Writes `buffer` from `offset` to `end`; a write that makes no progress is a failure. */
function writeRest(fd: number, buffer: Buffer, offset: number, end: number): void {
  while (offset < end) {
    const n = writeSync(fd, buffer, offset, end - offset);
    if (n <= 0) throw new Error("short write");
    offset += n;
  }
}

/** A write the disk had no room for (a short write without an errno is taken for one). */
function isDiskFull(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === undefined || code === "ENOSPC" || code === "EDQUOT";
}

function lastByte(fd: number, size: number): number {
  const byte = Buffer.alloc(1);
  readSync(fd, byte, 0, 1, size - 1);
  return byte[0]!;
}
