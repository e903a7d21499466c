/**
 * The first candidate (in the candidates' order) one edit from a name — one
 * character inserted, dropped, replaced, or two neighbours swapped — found
 * in a {@link NameIndex}'s trie by following the name itself and trying
 * each edit once along the way.
 *
 * What a search for the single nearest name (the "did you mean" of a
 * message) finds in most cases, for a fraction of the band of distances the
 * general search computes per prefix of the trie: an unknown id of 20,000
 * steps is a few dozen child look-ups.
 */
import { loadCharCodes } from "./char-codes";
import { maxSuggestionDistance } from "./edit-distance";
import type { NameIndexEntry, NameIndexNode } from "./name-index";

/** Past every candidate's order; a small integer, as the orders are (no field of doubles). */
const NONE = 2 ** 30;

export class OneEditSearch {
  private codes = new Int32Array(32);
  private n = 0;
  private lower = "";
  private exclude: string | undefined;
  private best: NameIndexEntry | undefined;
  /** The order of {@link best}, or {@link NONE}. */
  private bestOrder = NONE;

  /**
   * The first candidate below `root` at distance 1 from `name` (optimal
   * string alignment, as `editDistance`) that may be offered for it: not
   * `exclude`, not `name` in another letter case (distance 0.5, looked up
   * apart), and long enough for one edit to count (`maxSuggestionDistance`).
   */
  first(
    root: NameIndexNode,
    name: string,
    lower: string,
    exclude: string | undefined,
  ): NameIndexEntry | undefined {
    const n = name.length;
    this.codes = loadCharCodes(this.codes, name);
    this.n = n;
    this.lower = lower;
    this.exclude = exclude;
    this.best = undefined;
    this.bestOrder = NONE;
    // The name's own path, each edit tried at each of its depths.
    let node: NameIndexNode | undefined = root;
    for (let i = 0; node !== undefined; i++) {
      this.editsAt(node, i);
      node = i < n ? childWith(node, this.codes[i]!) : undefined;
    }
    return this.best;
  }

  /** The candidates one edit at position `i` of the name from `node` (its first `i` characters). */
  private editsAt(node: NameIndexNode, i: number): void {
    if (node.minOrder >= this.bestOrder) return;
    const { codes, n } = this;
    // Dropped: the name's character `i`.
    if (i < n) this.rest(node, i + 1);
    // Swapped: characters `i` and `i + 1`.
    if (i + 1 < n && codes[i] !== codes[i + 1]) {
      const swapped = childWith(node, codes[i + 1]!);
      const then = swapped && childWith(swapped, codes[i]!);
      if (then) this.rest(then, i + 2);
    }
    const children = node.children;
    for (let k = 0; k < children.length; k++) {
      const child = children[k]!;
      // Inserted before character `i`.
      this.rest(child, i);
      // Replaced: character `i`.
      if (i < n && child.code !== codes[i]) this.rest(child, i + 1);
    }
  }

  /** Offers the candidate that is `node`'s prefix followed by the name from character `from` on. */
  private rest(node: NameIndexNode | undefined, from: number): void {
    const { codes, n } = this;
    for (let j = from; node !== undefined && j < n; j++) {
      if (node.minOrder >= this.bestOrder) return;
      node = childWith(node, codes[j]!);
    }
    const entry = node?.entry;
    if (
      entry !== undefined &&
      entry.order < this.bestOrder &&
      entry.lower !== this.lower &&
      entry.name !== this.exclude &&
      maxSuggestionDistance(n, entry.name.length) >= 1
    ) {
      this.best = entry;
      this.bestOrder = entry.order;
    }
  }
}

function childWith(node: NameIndexNode, code: number): NameIndexNode | undefined {
  const children = node.children;
  for (let i = 0; i < children.length; i++) if (children[i]!.code === code) return children[i];
  return undefined;
}
