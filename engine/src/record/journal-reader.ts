import { readFileSync, statSync } from "node:fs";
import { parseJsonExactly } from "../language/compile/exact-json";
import { mayBeInexact } from "../language/compile/inexact-json-number";
import { JOURNAL_EVENT_TYPES, type JournalEvent, type RunStartedEvent } from "./journal-event";
import { journalEventProblem } from "./journal-event-shape";
import { UnreadableRecordError } from "./unreadable-record-error";

/** A line of the journal that could not be used. */
export interface JournalProblem {
  /** 1-based line number in journal.jsonl. */
  line: number;
  message: string;
}

/** What a journal holds, and what in it was damaged. */
export interface JournalContents {
  path: string;
  start: RunStartedEvent;
  events: JournalEvent[];
  problems: JournalProblem[];
}

const EVENT_TYPES = new Set<string>(JOURNAL_EVENT_TYPES);

/**
 * Reads a journal. Damaged lines (a truncated last line after a crash, garbage)
 * are reported as problems with their line number and skipped, so everything
 * the intact lines record can still be used.
 *
 * @throws UnreadableRecordError when the file cannot be read, has no valid
 *   `run_started` line, or is of another format version.
 */
export function readJournal(path: string): JournalContents {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new UnreadableRecordError(
      `cannot read run journal ${path}: ${(error as Error).message}`,
      error,
    );
  }
  const events: JournalEvent[] = [];
  const problems: JournalProblem[] = [];
  const lines = text.split("\n");
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === "") return;
    const read = readJournalLine(line, i + 1, i >= lines.length - 2 && !text.endsWith("\n"));
    if ("type" in read) events.push(read);
    else problems.push(read);
  });
  const start = events.find((e): e is RunStartedEvent => e.type === "run_started");
  if (!start) {
    const detail = problems.length ? ` (${problems.map((p) => p.message).join("; ")})` : "";
    throw new UnreadableRecordError(`run journal ${path} has no run_started event${detail}`);
  }
  if (start.v !== 1) {
    throw new UnreadableRecordError(
      `run journal ${path} has format version ${String(start.v)}; this momoflow reads version 1`,
    );
  }
  return { path, start, events, problems };
}

/** Event types whose lines carry the user's values whatever their fields. */
const USER_VALUE_EVENTS = new Set(["run_started", "step_fanned_out", "step_rollback_data"]);

/**
 * Whether a parsed line may hold a value of the user's — where a number may
 * have been kept as written (an `ExactNumber`: a 64-bit id) and must be read
 * so again. A step's plain start and end (most lines) hold none: they are
 * read by JSON.parse alone.
 */
function holdsUserValues(value: unknown): boolean {
  if (value === null || typeof value !== "object") return false;
  const event = value as {
    type?: unknown;
    output?: unknown;
    rollbackData?: unknown;
    undo?: unknown;
  };
  return (
    USER_VALUE_EVENTS.has(event.type as string) ||
    event.output !== undefined ||
    event.rollbackData !== undefined ||
    event.undo !== undefined
  );
}

/**
 * One line of a journal (trimmed, not empty), numbered from 1: its event, or
 * why it cannot be used (`isLast`: the file's last line, not ended by a line
 * break — cut off by a crash, most likely).
 */
export function readJournalLine(
  line: string,
  number: number,
  isLast: boolean,
): JournalEvent | JournalProblem {
  let value: unknown;
  try {
    value = JSON.parse(line);
    // A user's values (outputs, params, items, undo arguments) with their numbers as written.
    if (holdsUserValues(value) && mayBeInexact(line)) value = parseJsonExactly(line);
  } catch (error) {
    return {
      line: number,
      message: isLast
        ? `line ${number} is truncated (the run was probably killed while writing it)`
        : `line ${number} is not valid JSON: ${(error as Error).message}`,
    };
  }
  const type = (value as { type?: unknown } | null)?.type;
  if (typeof type !== "string" || !EVENT_TYPES.has(type as JournalEvent["type"]))
    return { line: number, message: `line ${number} is not a known journal event` };
  const problem = journalEventProblem(value as Record<string, unknown>);
  if (problem !== undefined)
    return {
      line: number,
      message: `line ${number} is a ${type} line that cannot be read: ${problem}`,
    };
  return value as JournalEvent;
}

/** How a run's first line begins, as the engine writes it (see run-started-bytes.ts). */
const RUN_STARTED_HEAD = Buffer.from('{"type":"run_started"');
/** A first line longer than this is not looked through for its end (a run's is megabytes at most). */
const FIRST_LINE_READ_LIMIT = 256 * 1024 * 1024;

/**
 * How the journal holds no started run, when it does not: `"empty"` — its
 * run could not record even its start (a full disk; the engine cuts a failed
 * write off) — or `"cut"`: it holds only the beginning of a `run_started`
 * line, never ended, as a run killed while it wrote that line (megabytes for
 * a large workflow) leaves it. A run starts no step before its start is
 * recorded, and nothing is written after a line it did not finish, so either
 * way there is nothing to undo. A journal damaged otherwise (bytes of
 * another line, zeros a crash left) is neither: {@link readJournal} says
 * what is wrong with it.
 */
export function unstartedJournal(path: string): "empty" | "cut" | undefined {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return undefined;
  }
  if (size === 0) return "empty";
  if (size > FIRST_LINE_READ_LIMIT) return undefined;
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return undefined;
  }
  const cut =
    bytes.length > RUN_STARTED_HEAD.length &&
    bytes.subarray(0, RUN_STARTED_HEAD.length).equals(RUN_STARTED_HEAD) &&
    !bytes.includes(0x0a) &&
    !bytes.includes(0x00);
  return cut ? "cut" : undefined;
}
