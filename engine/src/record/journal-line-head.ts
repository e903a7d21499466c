/** How every line about a step begins, as the engine writes it (see journal-line.ts): its type, then its time and its step. */
const STEP_LINE_START = Buffer.from('{"type":"step_');
/**
 * The rest of such a line's head, up to its step's id. A line written another
 * way (by hand, by another tool) does not match, and is parsed whole.
 */
const STEP_LINE_HEAD =
  /^\{"type":"step_[a-z_]+","time":(?:-?\d[\d.eE+-]*|null),"step":"((?:[^"\\]|\\.)*)"/;
/** How far into a line its head is looked for: a step id longer than that is read by parsing the line. */
const HEAD_BYTES = 512;

/**
 * The id of the step a journal line at `[from, end)` of `bytes` is about,
 * read from its head without parsing the line; undefined when its head is
 * not that of a step's line as the engine writes it. A reader that needs
 * only some steps' lines passes over the others' on this (a line of a
 * damaged journal may be parsed to be skipped, never skipped wrongly: a
 * line whose head names a step is about that step, if it is JSON at all and names no
 * step twice, which the engine never writes).
 */
export function stepIdOfLineHead(bytes: Buffer, from: number, end: number): string | undefined {
  const start = STEP_LINE_START;
  if (
    end - from < start.length ||
    bytes.compare(start, 0, start.length, from, from + start.length) !== 0
  )
    return undefined;
  const head = STEP_LINE_HEAD.exec(bytes.toString("utf8", from, Math.min(end, from + HEAD_BYTES)));
  if (head === null) return undefined;
  const id = head[1]!;
  if (!id.includes("\\")) return id;
  try {
    return JSON.parse(`"${id}"`) as string;
  } catch {
    return undefined;
  }
}
