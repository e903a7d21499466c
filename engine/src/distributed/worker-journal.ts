import type { RecordedWorkflow } from "../record/recorded-workflow";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { JournalEvent, JournalStepInfo } from "../record/journal-event";
import { JournalReserve } from "../record/journal-reserve";
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

/** The spare file that keeps room for the worker's undo lines (see {@link openWorkerReserve}). */
export const WORKER_RESERVE_FILE = "journal.reserve";
/**
 * Room kept for one undo job's lines: each attempt's undo takes up to two
 * blocks (its process and its outcome), so eight attempts' undos and the
 * rollback's start line fit, however full the disk.
 */
export const WORKER_RESERVE_BYTES = 64 * 1024;

/**
 * The worker's reserve in its journal folder, grown back to its full size as
 * far as the disk allows (a full disk may have made it give room back): the
 * room its undos' lines draw on when the disk is full, as a run's record
 * does (see `JournalReserve`). Forward steps never draw on it.
 * @returns the reserve, or undefined when the disk had no room for any of it.
 */
export function openWorkerReserve(dir: string): JournalReserve | undefined {
  const path = join(dir, WORKER_RESERVE_FILE);
  const reserve = JournalReserve.existing(path) ?? emptyReserve(path);
  if (reserve === undefined) return undefined;
  reserve.topUp(WORKER_RESERVE_BYTES);
  return reserve;
}

/** A reserve of no bytes yet at `path`, or undefined when not even that can be made. */
function emptyReserve(path: string): JournalReserve | undefined {
  try {
    return JournalReserve.create(path, 0);
  } catch {
    return undefined;
  }
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
    /** Room for the lines {@link emit} writes (the undos'), when the disk is full: the main writer's. */
    private readonly reserve?: JournalReserve,
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

  /**
   * Records an event of an attempt as it is (an undo's). A write that finds
   * the disk full draws on the reserve: an undo that happened is recorded,
   * so it is not run again. @throws RecordWriteError.
   */
  emit(event: JournalEvent): void {
    const key = eventAttempt(event);
    this.rollOver();
    const writer = this.current();
    writer.withReserve(() => writer.emit(event));
    if (key !== undefined) this.runs.set(attemptRun(key) ?? key, event.time);
  }

  /**
   * Whether an undo started now is sure to have its lines recorded: no write
   * found the disk full, or the reserve still holds room for them (see
   * `JournalWriter.roomAssured`). When not, the undo must not start.
   */
  roomAssured(): boolean {
    return this.writer?.roomAssured() ?? true;
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
    this.writer.reserve = this.reserve;
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
  workflow: RecordedWorkflow;
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
