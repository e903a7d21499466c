import { readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { JournalEvent } from "../record/journal-event";
import { journalEventProblem } from "../record/journal-event-shape";

/**
 * A worker's journal is a list of segments, as a log that must not grow
 * without bound keeps itself (Kafka's, a database's write-ahead log): each
 * writer (the worker's main thread, each step thread) appends to a segment
 * of its own, `journal-<writer>-<n>.jsonl`, and starts the next one once it
 * has grown past the segment size, and whenever it is opened again (a
 * segment is written by one writer in one process, never reopened: its end
 * is where its writer stopped, a line torn by a kill included).
 *
 * A segment once its writer moved on (or closed, or died) is sealed: beside
 * it, `journal-<writer>-<n>.index.json` lists the runs it holds events of,
 * each with the time of its last one there. A lookup of a run reads the
 * sealed segments that list it and the segments not sealed yet (a writer's
 * current one, small); pruning (see `journal-pruning`) removes sealed ones.
 *
 * The files of a journal written before segments (`journal.jsonl`,
 * `journal.<slot>.jsonl`) are its writers' segment 0.
 */

/** One segment file of a worker's journal. */
export interface Segment {
  /** The file name, in the worker's journal folder. */
  file: string;
  /** `main` or a step thread's slot. */
  writer: string;
  seq: number;
}

/** What a sealed segment holds: the runs it has events of, each with the time of its last. */
export interface SegmentIndex {
  v: 1;
  runs: Record<string, number>;
  /** The segment's size when it was sealed. */
  bytes: number;
}

/** The main thread's writer name. */
export const MAIN_WRITER = "main";

const SEGMENT = /^journal-(main|\d+)-(\d+)\.jsonl$/;
/** The files of a journal written before segments: the main thread's, a step thread's. */
const UNSEGMENTED = /^journal(?:\.(\d+))?\.jsonl$/;

/** The file name of segment `seq` of `writer`. */
export function segmentFile(writer: string, seq: number): string {
  return `journal-${writer}-${seq}.jsonl`;
}

/** The index file of a segment. */
export function indexFile(segment: string): string {
  return segment.replace(/\.jsonl$/, ".index.json");
}

/**
 * The segments of a journal folder, in the order a lookup reads them: the
 * step threads' (by slot, each in order), then the main thread's, which
 * holds the undos (an undo comes after the step it undoes).
 */
export function listSegments(dir: string): Segment[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const segments: Segment[] = [];
  for (const file of names) {
    const match = SEGMENT.exec(file);
    if (match) {
      segments.push({ file, writer: match[1]!, seq: Number(match[2]) });
      continue;
    }
    const old = UNSEGMENTED.exec(file);
    if (old) segments.push({ file, writer: old[1] ?? MAIN_WRITER, seq: 0 });
  }
  return segments.sort((a, b) => writerOrder(a.writer) - writerOrder(b.writer) || a.seq - b.seq);
}

function writerOrder(writer: string): number {
  return writer === MAIN_WRITER ? Number.MAX_SAFE_INTEGER : Number(writer);
}

/** The number of the next segment of `writer`: one past its last. */
export function nextSeq(dir: string, writer: string): number {
  let last = 0;
  for (const s of listSegments(dir)) if (s.writer === writer) last = Math.max(last, s.seq);
  return last + 1;
}

/** A sealed segment's index; undefined when it has none (not sealed yet), or one that cannot be read. */
export function readIndex(dir: string, segment: string): SegmentIndex | undefined {
  try {
    const index = JSON.parse(readFileSync(join(dir, indexFile(segment)), "utf8")) as SegmentIndex;
    return index?.v === 1 && typeof index.runs === "object" && index.runs !== null
      ? index
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Seals a segment: writes its index whole or not at all (a temporary file
 * renamed over), so a kill mid-way leaves the segment unsealed — read by
 * every lookup, and sealed again by the next start — never a wrong index.
 */
export function writeIndex(dir: string, segment: string, runs: ReadonlyMap<string, number>): void {
  const path = join(dir, indexFile(segment));
  const index: SegmentIndex = {
    v: 1,
    runs: Object.fromEntries(runs),
    bytes: fileSize(join(dir, segment)),
  };
  writeFileSync(`${path}.tmp`, JSON.stringify(index) + "\n");
  renameSync(`${path}.tmp`, path);
}

/**
 * Seals every segment that has no index yet, from its lines: run when no
 * writer is at work (a worker starting, holding its folder's lock), after a
 * kill left its writers' last segments unsealed. Leftover temporary index
 * files of a sealing cut short are removed. A segment whose index cannot be
 * written (a full disk) stays unsealed, as a kill leaves it: every lookup
 * reads it, and a later start seals it.
 */
export function sealLeftSegments(dir: string): number {
  let sealed = 0;
  for (const segment of listSegments(dir)) {
    if (readIndex(dir, segment.file)) continue;
    try {
      writeIndex(dir, segment.file, runsIn(join(dir, segment.file)));
      sealed++;
    } catch {
      // Left unsealed, which is never wrong: its temporary index goes below.
    }
  }
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    // No folder: nothing to seal.
  }
  for (const name of names)
    if (name.endsWith(".index.json.tmp")) rmSync(join(dir, name), { force: true });
  return sealed;
}

/** The runs a segment file has events of, each with the time of its last, read line by line. */
function runsIn(path: string): Map<string, number> {
  const runs = new Map<string, number>();
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return runs;
  }
  for (const line of text.split("\n")) {
    const event = journalLineEvent(line);
    const key = event && eventAttempt(event);
    const run = key === undefined ? undefined : attemptRun(key);
    if (run !== undefined) runs.set(run, Math.max(runs.get(run) ?? 0, event!.time ?? 0));
  }
  return runs;
}

/**
 * A journal line's event; undefined for a line torn by a kill, or any line
 * that is no JSON event or one that says what no worker writes (see
 * journalEventProblem): the replay must not meet it.
 */
export function journalLineEvent(line: string): JournalEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  const event = value !== null && typeof value === "object" && "type" in value ? value : undefined;
  return event && journalEventProblem(event as Record<string, unknown>) === undefined
    ? (event as JournalEvent)
    : undefined;
}

/** The attempt an event is about: a `run_started`'s run, another event's step. */
export function eventAttempt(event: JournalEvent): string | undefined {
  if (event.type === "run_started") return event.runId;
  return "step" in event && typeof event.step === "string" ? event.step : undefined;
}

/**
 * The scheduler's run of an attempt key (`<run>--<step>--<attempt>`): a
 * step id holds no `--` (names are identifiers, `/` and `[n]`), so the run
 * is what comes before the last two.
 */
export function attemptRun(key: string): string | undefined {
  const beforeAttempt = key.lastIndexOf("--");
  if (beforeAttempt <= 0) return undefined;
  const beforeStep = key.lastIndexOf("--", beforeAttempt - 1);
  return beforeStep <= 0 ? undefined : key.slice(0, beforeStep);
}

/** A file's size; 0 when it is gone. */
export function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
