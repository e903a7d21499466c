import { escapedControlCharacters } from "./escaped-control-characters";

/** Lines that usually say why a program failed, in the words of common tools and runtimes. */
const CAUSE_PATTERN =
  /\b(error|errors|exception|failed|failure|fatal|panic|traceback|denied|refused|cannot|can't|unable|not found|no such|invalid|abort(ed)?|assert(ion)?|segmentation fault|killed|timed? ?out)\b|^\s*\w*(Error|Exception)\b|\bERR!/i;

/** At most this many lines in an excerpt… */
const MAX_LINES = 20;
/** …and at most this many characters. */
const MAX_CHARS = 4096;
/** Lines always kept from the end: where a program says last what happened. */
const TAIL_LINES = 8;
/** A single line longer than this is cut. */
const MAX_LINE_CHARS = 500;

/**
 * The lines of a failed program's output that say why, bounded: the lines that
 * name an error (`Error: …`, `fatal:`, `Traceback`, `permission denied`, …)
 * and the last few lines, in their order, with `…` where lines were left out;
 * at most 20 lines and about 4 KB. Blank lines are left out, and of a stack
 * trace (`    at …`) only its first frame is kept. Colours are left out and
 * other control characters written escaped (`\x1b`, see
 * {@link escapedControlCharacters}). Empty when the output is.
 *
 * For a Node program that throws, this keeps the `Error: message` line that
 * the last ten lines (the stack) would drop.
 */
export function failureExcerpt(output: string): string {
  // Positions count non-blank lines only: a blank line is no gap worth a `…`.
  const candidates = output
    .split(/\r?\n/)
    // Escaped first: a line's terminal codes must not reach a terminal through the error.
    .map((line) => escapedControlCharacters(line).trimEnd())
    .filter((text) => text.trim() !== "")
    .map((text, index) => ({ text, index }));
  if (candidates.length === 0) return "";
  const tailStart = Math.max(0, candidates.length - TAIL_LINES);
  // Of a stack in the tail, its first frame says where; the rest is the runtime's own.
  const tail = candidates
    .slice(tailStart)
    .filter(
      ({ text, index }) => !(isStackFrame(text) && isStackFrame(candidates[index - 1]?.text ?? "")),
    );
  const causes = candidates
    .slice(0, tailStart)
    .filter(({ text }) => !isStackFrame(text) && CAUSE_PATTERN.test(text));
  // The first causes say the most (later ones are often consequences): keep them first.
  const picked = [...causes.slice(0, MAX_LINES - tail.length), ...tail];
  return joinWithGaps(picked);
}

function isStackFrame(line: string): boolean {
  return /^\s+at\s/.test(line) || /^\s+File ".*", line \d+/.test(line);
}

/** The picked lines in order, `…` for each gap, cut to {@link MAX_CHARS} from the start. */
function joinWithGaps(picked: { text: string; index: number }[]): string {
  const out: string[] = [];
  let previous = -1;
  for (const { text, index } of picked) {
    if (previous >= 0 && index > previous + 1) out.push("…");
    out.push(text.length > MAX_LINE_CHARS ? `${text.slice(0, MAX_LINE_CHARS)}…` : text);
    previous = index;
  }
  let text = out.join("\n");
  // Over the budget: drop whole lines from the front, keeping the first cause when it fits.
  while (text.length > MAX_CHARS && out.length > 1) {
    out.splice(out.length > 2 ? 1 : 0, 1);
    text = out.join("\n");
  }
  return text.length > MAX_CHARS ? `…${text.slice(-MAX_CHARS)}` : text;
}
