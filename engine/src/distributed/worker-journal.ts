import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { JournalEvent, JournalStepInfo } from "../record/journal-event";
import { JournalWriter, type EventSink } from "../record/journal-writer";
import {
  attemptRun,
  eventAttempt,
  fileSize,
  journalLineEvent,
  listSegments,
  nextSeq,
  readIndex,
  segmentFile,
  writeIndex,
} from "./journal-segments";

/**
 * A worker's journal: where it records the steps it runs — intent and
 * rollback data before any effect, outcome after — and their undos, so that
 * a step is undone from this machine's record even when the scheduler never
 * heard back, also after the worker was killed and started again.
 *
 * It lives in `<workdir>/.momoflow/workers/<name>/`, in segments (see
 * `journal-segments`): each writer — each step thread, and the worker's main
 * thread (the steps it runs itself, and the undos) — appends to segments of
 * its own, one file open at a time, and starts a new one once the current
 * one has grown past the segment size. One writer per file keeps the local
 * engine's guarantee that a write cut short (a full disk) is cut back
 * without touching anyone else's line.
 *
 * Its lines are the run record's: each attempt of a step is a run of that
 * one step, named by its {@link attemptKey} — a `run_started` listing it,
 * then its `step_*` events with the key as their step.
 */
export function workerJournalDir(workdir: string, worker: string): string {
  return join(workdir, ".momoflow", "workers", worker);
}

/** The size past which a writer starts a new segment, unless the worker is told otherwise. */
export const DEFAULT_SEGMENT_BYTES = 64 * 1024 * 1024;

/**
 * The name of one attempt of one step of a scheduler's run in a worker's
 * journal. Derived, not chosen, so that an undo sent to a worker that never
 * reported back still finds the attempt (or knows there is none).
 */
export function attemptKey(runId: string, stepId: string, attempt: number): string {
  return `${runId}--${stepId}--${attempt}`;
}

/** A folder name for an attempt's files (its log, its backups): the key with only safe characters. */
export function attemptFolder(dir: string, key: string): string {
  return join(dir, "steps", key.replace(/[^A-Za-z0-9_.-]/g, "_"));
}

/**
 * One writer's journal: its current segment, opened on its first event and
 * kept open: what `emit` writes as durable is in the file (one write) before
 * it returns. Before an attempt starts (or an undo's event) it starts a new
 * segment once the current one has reached `segmentBytes`; the events of
 * attempts under way then go on in the new one (each segment's index lists
 * the runs of the lines it holds). The current segment is sealed (its index
 * written) when the next one starts and when the journal is closed.
 */
export class WorkerJournal {
  private writer: JournalWriter | undefined;
  /** The current segment's file name. */
  private segment: string | undefined;
  /** The runs the current segment holds events of, with the time of the last. */
  private readonly runs = new Map<string, number>();

  constructor(
    readonly dir: string,
    /** `main`, or a step thread's slot. */
    readonly name: string,
    private readonly segmentBytes: number = DEFAULT_SEGMENT_BYTES,
  ) {}

  /** The current segment's path (the one the last event went to). */
  get path(): string {
    return join(this.dir, this.segment ?? segmentFile(this.name, 0));
  }

  /**
   * A sink for one attempt: its events named by its key, after a
   * `run_started` that lists it (which rides along with its intent's write).
   * @throws RecordWriteError when the journal cannot be opened or written.
   */
  attempt(key: string, info: JournalStepInfo, workflow: JournalAttemptStart): EventSink {
    this.rollOver();
    const run = attemptRun(key) ?? key;
    // To the current segment: another attempt may have started a new one meanwhile.
    const write = (event: JournalEvent, durable?: boolean): void => {
      this.current().emit(event, durable);
      this.runs.set(run, event.time);
    };
    write(
      {
        type: "run_started",
        v: 1,
        time: Date.now(),
        runId: key,
        workflow: workflow.workflow,
        workdir: workflow.workdir,
        pid: process.pid,
        concurrency: 1,
        rollbackOnFailure: false,
        steps: [{ ...info, id: key }],
      },
      false,
    );
    return {
      emit: (event, durable) => write(renamed(event, key), durable),
      // The journal outlives the attempt.
      close() {},
    };
  }

  /** Records an event of an attempt as it is (an undo's); @throws RecordWriteError. */
  emit(event: JournalEvent): void {
    const key = eventAttempt(event);
    this.rollOver();
    this.current().emit(event);
    if (key !== undefined) this.runs.set(attemptRun(key) ?? key, event.time);
  }

  /** Writes what is pending, closes the file and seals its segment. */
  close(): void {
    this.seal();
  }

  /** Seals the current segment when it has reached the segment size: the next write starts a new one. */
  private rollOver(): void {
    if (this.writer && fileSize(this.writer.path) >= this.segmentBytes) this.seal();
  }

  /** The writer of the current segment; a new segment when none is open. */
  private current(): JournalWriter {
    if (this.writer) return this.writer;
    // A new segment at each opening: a segment is never written by two processes.
    this.segment = segmentFile(this.name, nextSeq(this.dir, this.name));
    this.writer = new JournalWriter(join(this.dir, this.segment), this.dir);
    return this.writer;
  }

  /**
   * Closes the current segment and writes its index. Its events are in the
   * file first: a kill between the two leaves it unsealed, never indexed
   * short of what it holds.
   */
  private seal(): void {
    const writer = this.writer;
    if (!writer) return;
    this.writer = undefined;
    writer.close();
    const segment = this.segment!;
    const runs = new Map(this.runs);
    this.runs.clear();
    try {
      writeIndex(this.dir, segment, runs);
    } catch {
      // Left unsealed: every lookup reads it, and the next start seals it.
    }
  }
}

/** What the `run_started` of an attempt says of its workflow and place. */
export interface JournalAttemptStart {
  workflow: { id: string; name: string; version: string };
  workdir: string;
}

/** The event with the attempt's key as its step. */
function renamed(event: JournalEvent, key: string): JournalEvent {
  return "step" in event && typeof event.step === "string" ? { ...event, step: key } : event;
}

/**
 * The events of these attempts of one run in the worker's journal, by key,
 * in the order the segments hold them (see {@link listSegments}: an undo
 * comes after the step it undoes). Only the segments that may hold the run
 * are read: the sealed ones whose index lists it, and those not sealed yet.
 * A line torn by a kill, or any line that is no JSON, is skipped: the lines
 * around it are whole (each writer starts its next write on a new line).
 */
export function readAttempts(
  dir: string,
  runId: string,
  keys: readonly string[],
): Map<string, JournalEvent[]> {
  const found = new Map<string, JournalEvent[]>();
  const quoted = keys.map((k) => JSON.stringify(k));
  for (const segment of listSegments(dir)) {
    const index = readIndex(dir, segment.file);
    if (index && !Object.hasOwn(index.runs, runId)) continue;
    let text: string;
    try {
      text = readFileSync(join(dir, segment.file), "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n")) {
      // Most lines are of other steps: only those naming a key are parsed.
      if (!quoted.some((q) => line.includes(q))) continue;
      const event = journalLineEvent(line);
      const key = event && eventAttempt(event);
      if (key === undefined || !keys.includes(key)) continue;
      let events = found.get(key);
      if (!events) found.set(key, (events = []));
      events.push(event!);
    }
  }
  return found;
}
