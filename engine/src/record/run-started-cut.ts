import type { RunStartedEvent } from "./journal-event";
import { readJournalLine } from "./journal-reader";

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN = 0x7b;
const CLOSE = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
/** The fields cut down: the steps' infos (to those kept), the digests of the steps' definitions (to none). */
const STEPS_KEY = Buffer.from('"steps"');
const DEFINITIONS_KEY = Buffer.from('"stepDefinitions"');
/** How a step's info opens, as the engine writes it (see step-identity-bytes.ts), up to its id's opening quote. */
const ID_HEAD = Buffer.from('{"id":"');
/** How many bytes of the line are scanned between pauses. */
const SCAN_SLICE = 1 << 18;

/** Where a run's first line holds its steps' infos and their definitions' digests. */
interface StartLayout {
  /** The brackets of the `steps` array, and the bytes of each info kept. */
  steps?: { open: number; close: number; kept: [start: number, end: number][] };
  /** The braces of the `stepDefinitions` object. */
  definitions?: { open: number; close: number };
}

/**
 * The `run_started` event of `line` (a journal line, without its line break)
 * as a replay that plans undos needs it: its list of steps cut down to those
 * `keep` says, without the digests of the steps' definitions (an editor's, to
 * tell figures stale). The rest is read as `readJournal` reads the line, but
 * the other steps are not parsed: a run of 100,000 steps writes a first line
 * of some ten megabytes, nearly all of it its steps and their digests. The
 * line is scanned for them a quarter of a megabyte at a time, with `pause` between, and
 * the rest is parsed. A line laid out otherwise (cut off by a crash, written
 * by hand) is parsed whole, then cut down. Undefined for a line that is no
 * readable `run_started`.
 */
export async function runStartedCut(
  line: Buffer,
  keep: (id: string) => boolean,
  pause: () => Promise<void>,
): Promise<RunStartedEvent | undefined> {
  const layout = await startLayout(line, keep, pause);
  const read = readJournalLine(
    (layout === undefined ? line.toString("utf8") : cutText(line, layout)).trim(),
    1,
    false,
  );
  if (!("type" in read) || read.type !== "run_started") return undefined;
  if (layout !== undefined) return read;
  const cut = { ...read, steps: read.steps.filter((s) => keep(s.id)) };
  delete cut.stepDefinitions;
  return cut;
}

/** The text of `line` with its steps cut down to those kept, and its definitions' digests to none. */
function cutText(line: Buffer, layout: StartLayout): string {
  const cuts: { from: number; to: number; text: string }[] = [];
  const { steps, definitions } = layout;
  if (steps !== undefined)
    cuts.push({
      from: steps.open + 1,
      to: steps.close,
      text: steps.kept.map(([start, end]) => line.toString("utf8", start, end)).join(","),
    });
  if (definitions !== undefined)
    cuts.push({ from: definitions.open + 1, to: definitions.close, text: "" });
  cuts.sort((a, b) => a.from - b.from);
  let text = "";
  let at = 0;
  for (const cut of cuts) {
    text += line.toString("utf8", at, cut.from) + cut.text;
    at = cut.to;
  }
  return text + line.toString("utf8", at);
}

/**
 * Whether `keep` keeps the step whose info is at `[start, end)`: its id read
 * where the engine writes it, first (`{"id":"…"`), else by parsing the info;
 * an info whose id cannot be read is kept, for the reading to judge.
 */
function keepsInfo(
  line: Buffer,
  start: number,
  end: number,
  keep: (id: string) => boolean,
): boolean {
  try {
    const close = isAt(line, start, start + ID_HEAD.length - 1, ID_HEAD)
      ? stringEnd(line, start + ID_HEAD.length - 1)
      : -1;
    const id: unknown =
      close < 0 || close >= end
        ? (JSON.parse(line.toString("utf8", start, end)) as { id?: unknown }).id
        : JSON.parse(line.toString("utf8", start + ID_HEAD.length - 1, close + 1));
    return typeof id !== "string" || keep(id);
  } catch {
    return true;
  }
}

/**
 * Where the top-level `steps` array (of objects) and `stepDefinitions`
 * object of the JSON object in `line` are, and which of the steps' infos
 * `keep` keeps; undefined when the line is not
 * laid out so (not one object, either key twice, `steps` not an array of
 * objects, `stepDefinitions` not an object). Strings are skipped with a
 * search for their end: structure is looked for only between them (UTF-8
 * never has an ASCII byte inside a character).
 */
async function startLayout(
  line: Buffer,
  keep: (id: string) => boolean,
  pause: () => Promise<void>,
): Promise<StartLayout | undefined> {
  const layout: StartLayout = {};
  let depth = 0;
  /** The value that comes next is that of this top-level key. */
  let valueOf: "steps" | "definitions" | undefined;
  /** Inside this top-level value. */
  let inside: "steps" | "definitions" | undefined;
  let infoStart = -1;
  let sliceEnd = SCAN_SLICE;
  for (let i = 0; i < line.length; i++) {
    if (i >= sliceEnd) {
      await pause();
      sliceEnd = i + SCAN_SLICE;
    }
    const b = line[i]!;
    if (isBlank(b) || b === COLON) continue;
    if (valueOf !== undefined && b !== (valueOf === "steps" ? OPEN_ARRAY : OPEN)) return undefined;
    if (b === QUOTE) {
      // An item of the steps that is a string.
      if (inside === "steps" && depth === 2) return undefined;
      const close = stringEnd(line, i);
      if (close < 0) return undefined;
      if (depth === 1 && line[close + 1] === COLON) {
        valueOf = keyAt(line, i, close);
        if (valueOf !== undefined && layout[valueOf] !== undefined) return undefined;
      }
      i = close;
    } else if (b === OPEN || b === OPEN_ARRAY) {
      depth++;
      if (valueOf === "steps") layout.steps = { open: i, close: -1, kept: [] };
      else if (valueOf === "definitions") layout.definitions = { open: i, close: -1 };
      else if (inside === "steps" && depth === 3) {
        if (b !== OPEN) return undefined;
        infoStart = i;
      }
      if (valueOf !== undefined) [inside, valueOf] = [valueOf, undefined];
    } else if (b === CLOSE || b === CLOSE_ARRAY) {
      if (inside === "steps" && depth === 3 && keepsInfo(line, infoStart, i + 1, keep))
        layout.steps!.kept.push([infoStart, i + 1]);
      if (inside !== undefined && depth === 2) {
        layout[inside]!.close = i;
        inside = undefined;
      }
      if (--depth < 0) return undefined;
    } else if (inside === "steps" && depth === 2 && b !== COMMA) {
      // An item of the steps that is no object (a number, true).
      return undefined;
    }
  }
  const ended = (part?: { close: number }): boolean => part === undefined || part.close >= 0;
  return depth === 0 && ended(layout.steps) && ended(layout.definitions) ? layout : undefined;
}

/** The field cut down whose key is the string at `[open, close]`, if it is one. */
function keyAt(line: Buffer, open: number, close: number): "steps" | "definitions" | undefined {
  if (isAt(line, open, close, STEPS_KEY)) return "steps";
  if (isAt(line, open, close, DEFINITIONS_KEY)) return "definitions";
  return undefined;
}

function isAt(line: Buffer, open: number, close: number, text: Buffer): boolean {
  return (
    close - open + 1 === text.length && line.compare(text, 0, text.length, open, close + 1) === 0
  );
}

/** The index of the quote that ends the string opening at `open`; -1 when the line ends first. */
function stringEnd(line: Buffer, open: number): number {
  for (let at = line.indexOf(QUOTE, open + 1); at >= 0; at = line.indexOf(QUOTE, at + 1)) {
    let backslashes = 0;
    while (line[at - 1 - backslashes] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return at;
  }
  return -1;
}

function isBlank(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;
}
