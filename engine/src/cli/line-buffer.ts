/** A line still being written is given out once it is this long, all the same. */
const MAX_WAITING = 64 * 1024 * 1024;

/**
 * Complete lines out of text that arrives in chunks: what follows the last
 * line break waits for the next chunk. Only each new chunk is searched for a
 * line break, and the waiting pieces are joined once, when their line ends:
 * a line of 100 MB written in 64 KB chunks (a progress bar without line
 * breaks) costs its length, not its square. A line that grows past 64 MB is
 * given out in pieces of that size, each shown as a line: joined whole, one of
 * 512 MB or more could not be made into a string at all.
 */
export class LineBuffer {
  private waiting: string[] = [];
  private waitingLength = 0;

  /** Adds a chunk; returns the text up to its last line break (without it), or undefined when it has none. */
  push(chunk: string): string | undefined {
    const end = chunk.lastIndexOf("\n");
    if (end < 0) {
      if (chunk === "") return undefined;
      this.waiting.push(chunk);
      this.waitingLength += chunk.length;
      return this.waitingLength >= MAX_WAITING ? this.flush() : undefined;
    }
    const done =
      this.waiting.length > 0 ? this.waiting.join("") + chunk.slice(0, end) : chunk.slice(0, end);
    this.waiting = end < chunk.length - 1 ? [chunk.slice(end + 1)] : [];
    this.waitingLength = chunk.length - end - 1;
    return done;
  }

  /** The unfinished line, taken out; undefined when there is none. */
  flush(): string | undefined {
    if (this.waiting.length === 0) return undefined;
    const rest = this.waiting.join("");
    this.waiting = [];
    this.waitingLength = 0;
    return rest;
  }
}
