/**
 * Moves the positions of the nodes after an edit by the lines it added or
 * removed, in place: what an incremental re-parse does to the part of the
 * tree it keeps (incremental-parse.ts).
 */
import type { Position } from "./ast";

/** What a walk over the positions has found so far. */
interface Walk {
  after: number;
  below: boolean;
}

/**
 * Moves every position reachable from `roots` (trees of plain data) by
 * `by` lines, each once (positions may be shared), when every one of them
 * lies on a line below `after`; otherwise moves none and returns false.
 *
 * A position already seen is told by its line, complemented (negative)
 * until the walk is over: no set of the tens of thousands of positions
 * after an edit near the top of a long file is built (that set cost three
 * quarters of the re-parse of a keystroke that moved lines).
 */
export function shiftPositionsBelow(roots: readonly unknown[], after: number, by: number): boolean {
  const walk: Walk = { after, below: true };
  for (let i = 0; i < roots.length; i++) mark(roots[i], walk);
  const move = walk.below ? by : 0;
  for (let i = 0; i < roots.length; i++) settle(roots[i], move);
  return walk.below;
}

function isPosition(record: Record<string, unknown>): record is Record<string, unknown> & Position {
  return typeof record.line === "number" && typeof record.character === "number";
}

/** Calls `visit` on each position reachable from `node` (plain data), shared ones as often as they are reached. */
function eachPosition(node: unknown, visit: (position: Position) => void): void {
  if (typeof node !== "object" || node === null) return;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) eachPosition(node[i], visit);
    return;
  }
  const record = node as Record<string, unknown>;
  if (isPosition(record)) return visit(record);
  for (const key in record) {
    const value = record[key];
    if (typeof value === "object" && value !== null) eachPosition(value, visit);
  }
}

/** Complements the line of each position not seen yet; `walk.below` false when one is at or above `walk.after`. */
function mark(node: unknown, walk: Walk): void {
  eachPosition(node, (position) => {
    const line = position.line;
    if (line < 0) return;
    if (line <= walk.after) walk.below = false;
    position.line = ~line;
  });
}

/** Restores the line of each marked position, moved by `by`. */
function settle(node: unknown, by: number): void {
  eachPosition(node, (position) => {
    if (position.line < 0) position.line = ~position.line + by;
  });
}
