import { isUtf8 } from "node:buffer";
import { closeSync, fstatSync, openSync, readSync } from "node:fs";

/**
 * How much of a shell action's standard output, standard error or output file
 * is held in memory: far more than a value a later step reads, far less than
 * the longest string JavaScript can make (about 512 MB), past which the run
 * would die. The step's log keeps every byte.
 */
export const KEPT_OUTPUT_BYTES = 64 * 1024 * 1024;

/** What is kept of the end, past the limit: a failure's last lines. */
const KEPT_TAIL_BYTES = 64 * 1024;

/** The line that stands for what was not kept of a stream the step's log keeps whole. */
function droppedNote(bytes: number): string {
  return `\n… (${bytes} bytes not kept in memory: the step's log has them all)\n`;
}

/**
 * A stream's bytes as they come, held up to {@link KEPT_OUTPUT_BYTES}: past
 * that, its start and its last 64 KB (where a failure says why), and how much
 * was left out between them.
 */
export class KeptOutput {
  private readonly head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  private dropped = 0;

  constructor(private readonly limit = KEPT_OUTPUT_BYTES) {}

  /** Adds a chunk. */
  push(chunk: Buffer): void {
    const room = this.limit - this.headBytes;
    if (room > 0) {
      const kept = chunk.length <= room ? chunk : chunk.subarray(0, room);
      this.head.push(kept);
      this.headBytes += kept.length;
      if (kept.length === chunk.length) return;
      chunk = chunk.subarray(room);
    }
    this.tail.push(chunk);
    this.tailBytes += chunk.length;
    // Whole chunks leave the tail: it keeps between 64 KB and 64 KB plus a chunk.
    while (this.tail.length > 1 && this.tailBytes - this.tail[0]!.length >= KEPT_TAIL_BYTES) {
      const gone = this.tail.shift()!;
      this.tailBytes -= gone.length;
      this.dropped += gone.length;
    }
  }

  /** The text: whole, or its start, a line saying how much was left out, and its end. */
  text(): string {
    const headBytes = Buffer.concat(this.head);
    // Only a stream kept whole is judged: a cut may fall inside a character.
    this.notUtf8 = this.tail.length === 0 && !isUtf8(headBytes);
    const head = headBytes.toString("utf8");
    const tail = Buffer.concat(this.tail).toString("utf8");
    return this.dropped === 0 ? head + tail : head + droppedNote(this.dropped) + tail;
  }

  /** Whether the bytes {@link text} read were not UTF-8 (each such byte became U+FFFD). */
  notUtf8 = false;
}

/**
 * The file's text up to {@link KEPT_OUTPUT_BYTES}, then a line saying how many
 * bytes more there were; `notUtf8`: the bytes read were not UTF-8 (each such
 * byte became U+FFFD).
 *
 * @throws what reading the file throws.
 */
export function readKeptText(path: string): { text: string; notUtf8: boolean } {
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    const buffer = Buffer.alloc(Math.min(size, KEPT_OUTPUT_BYTES));
    let read = 0;
    while (read < buffer.length) {
      const n = readSync(fd, buffer, read, buffer.length - read, read);
      if (n === 0) break;
      read += n;
    }
    const bytes = buffer.subarray(0, read);
    const text = bytes.toString("utf8");
    // A file read whole is judged: a cut may fall inside a character.
    const notUtf8 = size <= read && !isUtf8(bytes);
    // No log holds an output file: only how much was left.
    return {
      text: size > read ? `${text}\n… (${size - read} more bytes not kept in memory)` : text,
      notUtf8,
    };
  } finally {
    closeSync(fd);
  }
}
