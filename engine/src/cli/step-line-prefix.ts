import type { TerminalStyle } from "./terminal-style";

/** Ids longer than this are not padded to: one long id must not push every line right. */
const MAX_PADDED = 24;

/**
 * The prefix of a step's output lines in the terminal: `  <id> | `, the id
 * padded to the longest of the run's step ids known so far (up to 24
 * characters), in a colour of its own on a terminal (steps take turns in the
 * order they become known). As `docker compose` does when a container joins,
 * ids that become known during the run (a fan-out's instances, `deploy[0]`)
 * widen the prefix of the lines that follow; lines printed stay as they are.
 */
export class StepLinePrefix {
  private width = 0;
  private readonly colour = new Map<string, number>();
  private readonly cache = new Map<string, string>();

  constructor(
    stepIds: readonly string[],
    private readonly style: TerminalStyle,
  ) {
    this.add(stepIds);
  }

  /** Steps that became known during the run: their lines, and all lines after, are padded to them too. */
  add(stepIds: readonly string[]): void {
    for (const id of stepIds) if (!this.colour.has(id)) this.colour.set(id, this.colour.size);
    const width = Math.min(MAX_PADDED, Math.max(this.width, ...stepIds.map((id) => id.length)));
    if (width === this.width) return;
    this.width = width;
    this.cache.clear();
  }

  /** The prefix of `stepId`'s lines. */
  of(stepId: string): string {
    let prefix = this.cache.get(stepId);
    if (prefix === undefined) {
      const label = `${stepId.padEnd(this.width)} |`;
      prefix = `  ${this.style.tint(this.colour.get(stepId) ?? 0, label)} `;
      this.cache.set(stepId, prefix);
    }
    return prefix;
  }
}
