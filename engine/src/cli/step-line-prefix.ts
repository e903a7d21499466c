import type { TerminalStyle } from "./terminal-style";

/** Ids longer than this are not padded to: one long id must not push every line right. */
const MAX_PADDED = 24;

/**
 * The prefix of a step's output lines in the terminal: `  <id> | `, the id
 * padded to the longest of the run's step ids (up to 24 characters), in a
 * colour of its own on a terminal (steps in declaration order take turns).
 */
export class StepLinePrefix {
  private readonly width: number;
  private readonly colour: Map<string, number>;
  private readonly cache = new Map<string, string>();

  constructor(
    stepIds: readonly string[],
    private readonly style: TerminalStyle,
  ) {
    this.width = Math.min(MAX_PADDED, Math.max(0, ...stepIds.map((id) => id.length)));
    this.colour = new Map(stepIds.map((id, index) => [id, index]));
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
