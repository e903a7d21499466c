import { readFile } from "node:fs/promises";
import type { JournalEvent, RunStartedEvent } from "./journal-event";
import { readJournalLine } from "./journal-reader";
import { JournalReplay } from "./journal-replay";
import { stepIdOfLineHead } from "./journal-line-head";
import { runStartedCut } from "./run-started-cut";
import { stepsUndoParamReferences, undoParamReferences } from "./undo-param-references";
import { CALL_SEPARATOR } from "../language/workflow-call";

/**
 * How an undo's reference (to a param: `{"$ref":"param.key"}`) is written in
 * the journal, less its first quote: a byte so common in JSON that the search
 * for it is three times as slow.
 */
const REFERENCE = Buffer.from('$ref"');
/** What a fan-out's line holds, its type: it names the instances of a step. */
const FANNED_OUT = Buffer.from('"step_fanned_out"');
/** How a run's first line starts: its list of steps is cut down to those wanted before it is parsed. */
const RUN_STARTED = Buffer.from('{"type":"run_started"');
const NEWLINE = 0x0a;
/** How long the scan holds the thread before it lets others run: an editor waits on it. */
const SLICE_MS = 8;
/** How many bytes a search for a marker goes through before it lets others run. */
const SEARCH_WINDOW = 4 << 20;

/** What {@link undoParamReferencesLeft} may be given. */
export interface UndoParamReferencesLeftOptions {
  /** Lets other work run between slices of the scan (default: the next turn of the event loop). */
  pause?: () => Promise<void>;
}

/**
 * The names of the secret params that a rollback of the run whose journal is
 * at `path` must be given now: what {@link stepsUndoParamReferences} says of
 * the steps left to undo (`JournalReplay.undoPlan().toUndo`) — the same
 * names, in the same order, as a replay of the whole journal — read in
 * proportion to what is needed. The journal keeps no value of a secret, only
 * `{"$ref": "param.key"}` in the undos that read one, so:
 *
 * 1. a journal without `"$ref"` needs none (most runs): a search of its bytes;
 * 2. only the lines holding it are parsed, to find the steps whose undo reads
 *    a param (`named`), and the fan-out lines, to add the steps they are
 *    instances of (a rollback reaches an instance through it);
 * 3. only the lines of those steps, and of the calls they are in (whose
 *    steps a rollback undoes together, see `groupByCall`: they place the
 *    unit), are parsed and replayed, with `run_started`'s list of steps cut
 *    down to them before it is parsed (see `runStartedCut`); every other
 *    line is passed over on its head (`{"type":"step_…","time":…,"step":"…"`,
 *    as the engine writes it).
 *
 * The scan lets other work run every few milliseconds (`pause`). Only a
 * damaged journal (an outcome line lost, which makes the replay reorder its
 * undos) may give the names in another order; never other names.
 *
 * @throws when the file cannot be read; a journal without a readable
 *   `run_started` of this format version gives no names.
 */
export async function undoParamReferencesLeft(
  path: string,
  options: UndoParamReferencesLeftOptions = {},
): Promise<string[]> {
  const bytes = await readFile(path);
  const named = new Set<string>();
  const slices = new Slices(options.pause ?? nextTurn);
  for (const event of await eventsOfLinesHolding(bytes, REFERENCE, slices))
    if ("step" in event && undoParamReferences([event]).size > 0) named.add(event.step);
  if (named.size === 0) return [];
  const fanOuts = await eventsOfLinesHolding(bytes, FANNED_OUT, slices);
  const wanted = new WantedSteps(withFanOutParents(named, fanOuts));
  const replay = await replayOf(bytes, wanted, slices);
  return replay === undefined ? [] : stepsUndoParamReferences(replay.undoPlan().toUndo);
}

/**
 * The replay of the journal's lines about the `wanted` steps (and its lines
 * about no step), in order; undefined when its first `run_started` is
 * missing or of another format version, as `readJournal` refuses it.
 */
async function replayOf(
  bytes: Buffer,
  wanted: WantedSteps,
  slices: Slices,
): Promise<JournalReplay | undefined> {
  const replay = new JournalReplay();
  let start: RunStartedEvent | undefined;
  for (let from = 0; from < bytes.length;) {
    const newline = bytes.indexOf(NEWLINE, from);
    const end = newline < 0 ? bytes.length : newline;
    const event = startsWith(bytes, from, end, RUN_STARTED)
      ? await runStartedCut(bytes.subarray(from, end), (id) => wanted.has(id), slices.pause)
      : wantedEvent(bytes, from, end, wanted);
    from = end + 1;
    if (event?.type === "run_started") {
      start ??= event;
      replay.apply({ ...event, steps: event.steps.filter((s) => wanted.has(s.id)) });
    } else if (event !== undefined) replay.apply(event);
    if (slices.due) await slices.pause();
  }
  return start?.v === 1 ? replay : undefined;
}

/**
 * The event of the line at `[from, end)` when it is about one of the
 * `wanted` steps or about no step; undefined for any other line, and for a
 * line `readJournal` would skip (damaged). A step's line is told by its head
 * without parsing the rest.
 */
function wantedEvent(
  bytes: Buffer,
  from: number,
  end: number,
  wanted: WantedSteps,
): JournalEvent | undefined {
  const step = stepIdOfLineHead(bytes, from, end);
  if (step !== undefined && !wanted.has(step)) return undefined;
  const event = eventOfLine(bytes, from, end);
  if (event === undefined || ("step" in event && !wanted.has(event.step))) return undefined;
  return event;
}

/**
 * The events of the lines that hold `marker`, in order (damaged lines, and a
 * run's first line, which is about no step, left out). The bytes are searched
 * a few megabytes at a time, with `pause` between.
 */
async function eventsOfLinesHolding(
  bytes: Buffer,
  marker: Buffer,
  slices: Slices,
): Promise<JournalEvent[]> {
  const events: JournalEvent[] = [];
  for (let from = 0; from < bytes.length;) {
    // A marker that begins in the window is found, also when it ends past it.
    const window = bytes.subarray(0, Math.min(bytes.length, from + SEARCH_WINDOW + marker.length));
    const at = window.indexOf(marker, from);
    if (at < 0) {
      from += SEARCH_WINDOW;
      if (slices.due) await slices.pause();
      continue;
    }
    const start = bytes.lastIndexOf(NEWLINE, at) + 1;
    const newline = bytes.indexOf(NEWLINE, at);
    const end = newline < 0 ? bytes.length : newline;
    const event = startsWith(bytes, start, end, RUN_STARTED)
      ? undefined
      : eventOfLine(bytes, start, end);
    if (event !== undefined) events.push(event);
    from = end + 1;
    if (slices.due) await slices.pause();
  }
  return events;
}

/** The event of the line at `[from, end)`, as `readJournal` reads it; undefined for a blank or damaged line. */
function eventOfLine(bytes: Buffer, from: number, end: number): JournalEvent | undefined {
  const line = bytes.toString("utf8", from, end).trim();
  if (line === "") return undefined;
  const read = readJournalLine(line, 0, false);
  return "type" in read ? read : undefined;
}

/**
 * `named` with the steps their fan-outs made them instances of, and theirs
 * in turn (an instance's called step is one too): a rollback visits an
 * instance through the step, so the step's own lines count.
 */
function withFanOutParents(named: Set<string>, events: readonly JournalEvent[]): Set<string> {
  const parentOf = new Map<string, string>();
  for (const event of events)
    if (event.type === "step_fanned_out")
      for (const instance of event.instances) parentOf.set(instance.id, event.step);
  const wanted = new Set(named);
  for (const id of named) {
    let parent = parentOf.get(id);
    while (parent !== undefined && !wanted.has(parent)) {
      wanted.add(parent);
      parent = parentOf.get(parent);
    }
  }
  return wanted;
}

/**
 * The steps whose lines are replayed: those given, and every step of a call
 * one of them is in (`release/upload`: `release` and `release/…`;
 * `deploy[0]/upload`: `deploy[0]` and `deploy[0]/…`).
 */
class WantedSteps {
  private readonly calls = new Set<string>();

  constructor(private readonly ids: ReadonlySet<string>) {
    for (const id of ids) {
      const call = callOf(id);
      if (call !== id) this.calls.add(call);
    }
  }

  has(id: string): boolean {
    return this.ids.has(id) || this.calls.has(callOf(id));
  }
}

/** The outermost call step `id` is in (`release` for `release/sign/key`); `id` for a step of the run's own. */
function callOf(id: string): string {
  const separator = id.indexOf(CALL_SEPARATOR);
  return separator < 0 ? id : id.slice(0, separator);
}

function startsWith(bytes: Buffer, from: number, end: number, prefix: Buffer): boolean {
  return (
    end - from >= prefix.length &&
    bytes.compare(prefix, 0, prefix.length, from, from + prefix.length) === 0
  );
}

/** When to let other work run: each time the thread was held for {@link SLICE_MS}. */
class Slices {
  private since = performance.now();

  constructor(private readonly nextTurn: () => Promise<void>) {}

  /** Whether the thread was held for a slice since the last pause (checked per line: no promise made). */
  get due(): boolean {
    return performance.now() - this.since >= SLICE_MS;
  }

  /** Lets other work run, and starts a slice. */
  readonly pause = async (): Promise<void> => {
    await this.nextTurn();
    this.since = performance.now();
  };
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
