import {
  appendFileSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import type { JournalEvent } from "../record/journal-event";
import { JournalReplay } from "../record/journal-replay";
import {
  attemptRun,
  eventAttempt,
  indexFile,
  journalLineEvent,
  listSegments,
  readIndex,
  type Segment,
} from "./journal-segments";

/**
 * Pruning a worker's journal (`momoflow worker --prune`, or `--retain` when a
 * worker starts): removes the sealed segments of runs this worker has
 * nothing left to undo of — every attempt of theirs here rolled back, or
 * never done anything to undo — and, with a retention, of runs whose last
 * entry here is older than it. It never splits a run: a segment goes only
 * when every run it holds goes, and a run only when all of its segments do,
 * so that no run is left with its steps but not their undos (which would
 * undo it twice). Segments not sealed yet (a writer's current one) stay.
 *
 * Crash safety: the runs to remove are written first (`prune.json`, whole or
 * not at all), and a prune cut short is finished by the next (a worker
 * prunes before it takes any work, so no lookup sees a run half removed).
 * Runs removed while they still had something to undo (expired) are listed
 * for good in `expired.txt`, one id a line: their undo then fails, saying
 * so, rather than finding nothing and reporting success.
 */

/** Options of {@link pruneJournal}. */
export interface PruneOptions {
  /** Runs whose last entry is older than this go too (their undo is given up). */
  retainMs?: number;
  /** The time to judge ages by (milliseconds since the epoch). */
  now?: number;
}

/** What a prune removed. */
export interface PruneOutcome {
  /** Runs removed with nothing left to undo here. */
  done: string[];
  /** Runs removed past the retention while they had something to undo. */
  expired: string[];
  /** Segment files removed. */
  segments: string[];
  /** Runs that qualified but share a segment with a run that stays. */
  held: string[];
}

const INTENT_FILE = "prune.json";
const EXPIRED_FILE = "expired.txt";

/** Whether a run's entries were pruned while it still had something to undo here (past `--retain`). */
export function wasExpired(dir: string, runId: string): boolean {
  return expiredRuns(dir).has(runId);
}

/**
 * Prunes the journal in `dir`; call it only while no writer is at work (a
 * worker starting, or `--prune`, each holding the folder's lock), after the
 * segments left unsealed were sealed.
 */
export function pruneJournal(dir: string, options: PruneOptions = {}): PruneOutcome {
  finishCutShortPrune(dir);
  const now = options.now ?? Date.now();
  const segments = listSegments(dir);
  const indexes = new Map(segments.map((s) => [s.file, readIndex(dir, s.file)]));
  const lastEntry = new Map<string, number>();
  for (const index of indexes.values())
    for (const [run, time] of Object.entries(index?.runs ?? {}))
      lastEntry.set(run, Math.max(lastEntry.get(run) ?? 0, time));
  const writers = new Set(segments.map((s) => s.writer)).size;

  const going = new Map<string, "done" | "expired">();
  // Runs in time order: a run's segments (one per writer at that time, at most) are among the last read.
  const events = new SegmentEvents(dir, writers + 2);
  for (const [run, last] of [...lastEntry].sort((a, b) => a[1] - b[1])) {
    const where = segments.filter((s) => Object.hasOwn(indexes.get(s.file)?.runs ?? {}, run));
    const done = nothingToUndo(events.ofRun(where, run));
    if (options.retainMs !== undefined && now - last > options.retainMs)
      going.set(run, done ? "done" : "expired");
    else if (done) going.set(run, "done");
  }
  const qualified = new Set(going.keys());
  // A segment that stays keeps each of its runs whole.
  for (let changed = true; changed;) {
    changed = false;
    for (const segment of segments) {
      const index = indexes.get(segment.file);
      const runs = Object.keys(index?.runs ?? {});
      if (index && runs.every((r) => going.has(r))) continue;
      for (const run of runs) if (going.delete(run)) changed = true;
    }
  }
  const outcome: PruneOutcome = {
    done: [...going].filter(([, why]) => why === "done").map(([run]) => run),
    expired: [...going].filter(([, why]) => why === "expired").map(([run]) => run),
    segments: [],
    held: [...qualified].filter((run) => !going.has(run)),
  };
  if (going.size === 0) return outcome;
  writeIntent(dir, { done: outcome.done, expired: outcome.expired });
  outcome.segments = removeRuns(dir, new Set(going.keys()));
  if (outcome.expired.length > 0)
    appendFileSync(join(dir, EXPIRED_FILE), outcome.expired.map((r) => `${r}\n`).join(""));
  rmSync(join(dir, INTENT_FILE), { force: true });
  return outcome;
}

/** Every attempt has nothing left to undo (undone, or no effect to undo). */
function nothingToUndo(attempts: Iterable<JournalEvent[]>): boolean {
  for (const events of attempts)
    if (JournalReplay.of(events).undoPlan().toUndo.length > 0) return false;
  return true;
}

/**
 * The events of segments by run and attempt, each segment read once while
 * the runs that come one after another in it are judged; only the last few
 * are kept, so a journal is never held whole.
 */
class SegmentEvents {
  private readonly parsed = new Map<string, Map<string, Map<string, JournalEvent[]>>>();

  constructor(
    private readonly dir: string,
    /** How many parsed segments are kept. */
    private readonly kept: number,
  ) {}

  /** The events of a run's attempts in these segments, by attempt, in segment order. */
  ofRun(segments: readonly Segment[], runId: string): JournalEvent[][] {
    const byAttempt = new Map<string, JournalEvent[]>();
    for (const segment of segments)
      for (const [key, events] of this.segment(segment.file).get(runId) ?? [])
        byAttempt.set(key, [...(byAttempt.get(key) ?? []), ...events]);
    return [...byAttempt.values()];
  }

  private segment(file: string): Map<string, Map<string, JournalEvent[]>> {
    let runs = this.parsed.get(file);
    if (runs) return runs;
    runs = new Map();
    for (const line of readLines(join(this.dir, file))) {
      const event = journalLineEvent(line);
      const key = event && eventAttempt(event);
      const run = key === undefined ? undefined : attemptRun(key);
      if (run === undefined) continue;
      let attempts = runs.get(run);
      if (!attempts) runs.set(run, (attempts = new Map()));
      const events = attempts.get(key!) ?? [];
      events.push(event!);
      attempts.set(key!, events);
    }
    if (this.parsed.size >= this.kept) this.parsed.delete(this.parsed.keys().next().value!);
    this.parsed.set(file, runs);
    return runs;
  }
}

/**
 * Removes the segments whose runs all go (each before its index: a kill
 * between leaves an index with no segment, which nothing reads), and the
 * folders of those runs' attempts (logs, backups).
 */
function removeRuns(dir: string, runs: ReadonlySet<string>): string[] {
  const removed: string[] = [];
  for (const segment of listSegments(dir)) {
    const index = readIndex(dir, segment.file);
    if (!index || !Object.keys(index.runs).every((r) => runs.has(r))) continue;
    rmSync(join(dir, segment.file), { force: true });
    rmSync(join(dir, indexFile(segment.file)), { force: true });
    removed.push(segment.file);
  }
  const steps = join(dir, "steps");
  let folders: string[] = [];
  try {
    folders = readdirSync(steps);
  } catch {
    // No attempt kept files.
  }
  const prefixes = [...runs].map((run) => `${run}--`.replace(/[^A-Za-z0-9_.-]/g, "_"));
  for (const folder of folders)
    if (prefixes.some((p) => folder.startsWith(p)))
      rmSync(join(steps, folder), { recursive: true, force: true });
  return removed;
}

/**
 * A prune cut short by a kill: its runs are removed now, as it meant to
 * (a worker calls it as it starts, before it takes any work).
 */
export function finishCutShortPrune(dir: string): void {
  const intent = readIntent(dir);
  if (!intent) return;
  removeRuns(dir, new Set([...intent.done, ...intent.expired]));
  const known = expiredRuns(dir);
  const expired = intent.expired.filter((r) => !known.has(r));
  if (expired.length > 0)
    appendFileSync(join(dir, EXPIRED_FILE), expired.map((r) => `${r}\n`).join(""));
  rmSync(join(dir, INTENT_FILE), { force: true });
}

interface PruneIntent {
  done: string[];
  expired: string[];
}

function writeIntent(dir: string, intent: PruneIntent): void {
  const path = join(dir, INTENT_FILE);
  writeFileSync(`${path}.tmp`, JSON.stringify(intent) + "\n");
  renameSync(`${path}.tmp`, path);
}

function readIntent(dir: string): PruneIntent | undefined {
  try {
    const intent = JSON.parse(readFileSync(join(dir, INTENT_FILE), "utf8")) as PruneIntent;
    return Array.isArray(intent.done) && Array.isArray(intent.expired) ? intent : undefined;
  } catch {
    return undefined;
  }
}

function expiredRuns(dir: string): Set<string> {
  return new Set(readLines(join(dir, EXPIRED_FILE)).filter((line) => line !== ""));
}

function readLines(path: string): string[] {
  try {
    return readFileSync(path, "utf8").split("\n");
  } catch {
    return [];
  }
}
