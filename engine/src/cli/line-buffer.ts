/**
 * Complete lines out of text that arrives in chunks: what follows the last
 * line break waits for the next chunk. Only each new chunk is searched for a
 * line break, and the waiting pieces are joined once, when their line ends:
 * a line of 100 MB written in 64 KB chunks (a progress bar without line
 * breaks) costs its length, not its square.
 */
export class LineBuffer {
  private waiting: string[] = [];

  /** Adds a chunk; returns the text up to its last line break (without it), or undefined when it has none. */
  push(chunk: string): string | undefined {
    const end = chunk.lastIndexOf("\n");
    if (end < 0) {
      if (chunk !== "") this.waiting.push(chunk);
      return undefined;
    }
    const done =
      this.waiting.length > 0 ? this.waiting.join("") + chunk.slice(0, end) : chunk.slice(0, end);
    this.waiting = end < chunk.length - 1 ? [chunk.slice(end + 1)] : [];
    return done;
  }

  /** The unfinished line, taken out; undefined when there is none. */
  flush(): string | undefined {
    if (this.waiting.length === 0) return undefined;
    const rest = this.waiting.join("");
    this.waiting = [];
    return rest;
  }
}
