import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { JournalEvent, JournalStepInfo } from "../record/journal-event";
import { JournalWriter, type EventSink } from "../record/journal-writer";

/**
 * A worker's journal: where it records the steps it runs — intent and
 * rollback data before any effect, outcome after — and their undos, so that
 * a step is undone from this machine's record even when the scheduler never
 * heard back, also after the worker was killed and started again.
 *
 * It lives in `<workdir>/.momoflow/workers/<name>/` and is opened once per
 * writer, not once per step: each step thread appends to its own file,
 * `journal.<slot>.jsonl`, and the worker's main thread (the steps it runs
 * itself, and the undos) to `journal.jsonl`. One writer per file keeps the
 * local engine's guarantee that a write cut short (a full disk) is cut back
 * without touching anyone else's line.
 *
 * Its lines are the run record's: each attempt of a step is a run of that
 * one step, named by its {@link attemptKey} — a `run_started` listing it,
 * then its `step_*` events with the key as their step.
 */
export function workerJournalDir(workdir: string, worker: string): string {
  return join(workdir, ".momoflow", "workers", worker);
}

/** The journal file of one writer: a step thread (0, 1, …), or the worker's main thread. */
export function journalFile(dir: string, writer: number | "main"): string {
  return join(dir, writer === "main" ? "journal.jsonl" : `journal.${writer}.jsonl`);
}

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
 * One writer's journal, opened on its first event and kept open: what
 * `emit` writes as durable is in the file (one write) before it returns.
 */
export class WorkerJournal {
  private writer: JournalWriter | undefined;

  constructor(
    readonly dir: string,
    readonly path: string,
  ) {}

  /**
   * A sink for one attempt: its events named by its key, after a
   * `run_started` that lists it (which rides along with its intent's write).
   * @throws RecordWriteError when the journal cannot be opened or written.
   */
  attempt(key: string, info: JournalStepInfo, workflow: JournalAttemptStart): EventSink {
    const writer = this.open();
    writer.emit(
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
      emit: (event, durable) => writer.emit(renamed(event, key), durable),
      // The journal outlives the attempt.
      close() {},
    };
  }

  /** Records an event as it is (an undo's); @throws RecordWriteError. */
  emit(event: JournalEvent): void {
    this.open().emit(event);
  }

  /** Writes what is pending and closes the file. */
  close(): void {
    this.writer?.close();
    this.writer = undefined;
  }

  private open(): JournalWriter {
    return (this.writer ??= new JournalWriter(this.path, this.dir));
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
 * The events of these attempts in the worker's journal (every writer's
 * file), by key, in the order each file holds them (the threads' files
 * first, then the main thread's, which holds the undos: an undo comes after
 * the step it undoes). A line torn by a kill, or any line that is no JSON, is
 * skipped: the lines around it are whole (each writer starts its next write
 * on a new line).
 */
export function readAttempts(dir: string, keys: readonly string[]): Map<string, JournalEvent[]> {
  const found = new Map<string, JournalEvent[]>();
  const quoted = keys.map((k) => JSON.stringify(k));
  for (const file of journalFiles(dir)) {
    let text: string;
    try {
      text = readFileSync(join(dir, file), "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n")) {
      // Most lines are of other steps: only those naming a key are parsed.
      if (!quoted.some((q) => line.includes(q))) continue;
      const event = parsedEvent(line);
      const key = event && keyOf(event);
      if (key === undefined || !keys.includes(key)) continue;
      let events = found.get(key);
      if (!events) found.set(key, (events = []));
      events.push(event!);
    }
  }
  return found;
}

/** The journal files of a worker's folder: its threads' (by number), then its main thread's. */
function journalFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const slots = names
    .map((n) => /^journal\.(\d+)\.jsonl$/.exec(n))
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => Number(a[1]) - Number(b[1]))
    .map((m) => m[0]);
  return names.includes("journal.jsonl") ? [...slots, "journal.jsonl"] : slots;
}

function parsedEvent(line: string): JournalEvent | undefined {
  try {
    const value = JSON.parse(line) as unknown;
    return value !== null && typeof value === "object" && "type" in value
      ? (value as JournalEvent)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The attempt an event is about: a `run_started`'s run, another event's step. */
function keyOf(event: JournalEvent): string | undefined {
  if (event.type === "run_started") return event.runId;
  return "step" in event && typeof event.step === "string" ? event.step : undefined;
}
