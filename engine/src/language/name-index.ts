/**
 * Candidate names indexed for many "did you mean" questions: the answers of
 * `nearestNames`, exactly, without comparing each unknown name with
 * every candidate (a workflow of 20,000 steps with as many unknown ids would
 * otherwise take 400 million distance computations).
 */
import { loadCharCodes } from "./char-codes";
import { maxSuggestionDistance } from "./edit-distance";
import { OneEditSearch } from "./one-edit-search";

type Entry = NameIndexEntry;
type TrieNode = NameIndexNode;

/** One distinct candidate, in the order the candidates were given. */
export interface NameIndexEntry {
  name: string;
  lower: string;
  order: number;
  /** The next candidate of the same lower case, if any (rare: no array per candidate). */
  sameLowerCase: Entry | undefined;
}

/** A node of the trie: the candidates sharing the prefix that leads to it. */
export interface NameIndexNode {
  /** The UTF-16 code unit that leads here from the parent. */
  code: number;
  children: TrieNode[];
  /** The candidate that ends here, if one does. */
  entry: Entry | undefined;
  /** The first candidate at or below this node, by order: children are in this order too. */
  minOrder: number;
  /** The shortest and the longest candidate at or below this node. */
  minLength: number;
  maxLength: number;
}

/** An answer of `nearest`, kept for the same question. */
interface Remembered {
  max: number;
  exclude: string | undefined;
  names: readonly string[];
}

/** A candidate found close enough, with its distance (0.5: letter case only). */
interface Found {
  entry: Entry;
  distance: number;
}

/** No candidate found (shared: never added to). */
const NONE_FOUND: readonly Found[] = [];

/**
 * The children of a node that has none (shared: never added to). Most nodes
 * are leaves (a name's last character): an array each would be a fifth of
 * an index of 20,000 step ids.
 */
const NO_CHILDREN: TrieNode[] = [];

/** The least length of a node below which no candidate ends yet: longer than any name. */
const NO_LENGTH = 2 ** 30;

/** Answers kept per index: an editor asks about the same unknown names again at each keystroke. */
const MAX_REMEMBERED = 20_000;

/**
 * The candidates of `nearestNames` in a trie, searched with the edit
 * distance's rows computed once per shared prefix and cut off as soon as no
 * name below can be close enough (branch and bound: once `max` names are
 * found, only nearer ones are looked for).
 */
export class NameIndex {
  private readonly root: TrieNode = newNode(0, 0);
  /** Candidates by lower-case text: a difference of case only is the nearest of all. */
  private readonly byLowerCase = new Map<string, Entry>();
  /** Answers by unknown name (the AST's strings: no key is built per question). */
  private readonly remembered = new Map<string, Remembered[]>();
  private rememberedCount = 0;
  /** The walk of the searches, its rows and buffers reused from one to the next. */
  private readonly walk = new TrieWalk();
  /** The search for a name one edit away, tried first when one name is asked for. */
  private readonly oneEdit = new OneEditSearch();
  /** What a pass of a search finds (see {@link search}). */
  private readonly pass: Found[] = [];

  /** `candidates` in order; later repeats of a name are ignored, as in `nearestNames`. */
  constructor(candidates: Iterable<string>) {
    let order = 0;
    // An array (a workflow's 20,000 step ids) is read by index: each step of an
    // iterator is an object until the JIT has optimised this, which it has not yet.
    const names = Array.isArray(candidates) ? (candidates as readonly string[]) : [...candidates];
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      const lower = name.toLowerCase();
      // A repeat is among the names of its lower case: no set of all names is needed.
      let last: Entry | undefined;
      let repeat = false;
      for (let same = this.byLowerCase.get(lower); same && !repeat; same = same.sameLowerCase) {
        repeat = same.name === name;
        last = same;
      }
      if (repeat) continue;
      const entry: Entry = { name, lower, order: order++, sameLowerCase: undefined };
      this.insert(entry);
      if (last) last.sameLowerCase = entry;
      else this.byLowerCase.set(lower, entry);
    }
  }

  /**
   * What `nearestNames(name, candidates without exclude, max)` returns:
   * the candidates close enough to `name`, nearest first, ties in the
   * candidates' order.
   */
  nearest(name: string, max = 3, exclude?: string): readonly string[] {
    return this.answer(name, max, exclude, true);
  }

  /**
   * {@link nearest}, not remembered: for a check made once (`momoflow
   * check`), where no question comes again and keeping 20,000 answers
   * would only cost their making and the garbage collector's copying.
   */
  nearestOnce(name: string, max = 3, exclude?: string): readonly string[] {
    return this.answer(name, max, exclude, false);
  }

  private answer(
    name: string,
    max: number,
    exclude: string | undefined,
    remember: boolean,
  ): readonly string[] {
    let answers = this.remembered.get(name);
    if (answers) {
      for (const answer of answers)
        if (answer.max === max && answer.exclude === exclude) return answer.names;
    }
    const names: readonly string[] = this.search(name, max, exclude);
    if (!remember) return names;
    if (this.rememberedCount >= MAX_REMEMBERED) {
      this.remembered.clear();
      this.rememberedCount = 0;
      answers = undefined;
    }
    if (answers) answers.push({ max, exclude, names });
    else this.remembered.set(name, [{ max, exclude, names }]);
    this.rememberedCount++;
    return names;
  }

  private insert(entry: Entry): void {
    const { name } = entry;
    let node = this.root;
    widen(node, name.length);
    for (let i = 0; i < name.length; i++) {
      const code = name.charCodeAt(i);
      const child = childWith(node, code) ?? addChild(node, code, entry);
      widen(child, name.length);
      node = child;
    }
    node.entry = entry;
  }

  /**
   * Widens the search one edit at a time: a name with a near miss costs a
   * walk of the few prefixes within one or two edits, not of the whole trie.
   * Once a pass finds `max` names, every name it did not find is farther
   * than all of them.
   */
  private search(name: string, max: number, exclude: string | undefined): string[] {
    const lower = name.toLowerCase();
    const widest = maxSuggestionDistance(name.length, this.root.maxLength);
    let found: readonly Found[] = [];
    // The same in every pass: looked up once (most names have none).
    const caseOnly = this.sameButCase(name, lower, max, exclude);
    // One array for every pass of every search: an empty array's first push
    // reserves 17 items, 20,000 unknown ids would each make one.
    const pass = this.pass;
    let first = 1;
    // The nearest name alone (a message's "did you mean"): most often one
    // edit away, found without the passes' rows. Failing that, the passes
    // start at two edits (each pass looks afresh, none builds on the last).
    if (max === 1 && widest >= 1 && caseOnly.length === 0) {
      const entry = this.oneEdit.first(this.root, name, lower, exclude);
      if (entry !== undefined) return [entry.name];
      first = 2;
    }
    // `exclude` is skipped as it is met, not filtered afterwards: asking for
    // the nearest one then stops at the first pass that finds one.
    const walk = this.walk;
    walk.start(name, lower, max, exclude);
    for (let radius = first; radius <= widest; radius++) {
      pass.length = 0;
      for (let i = 0; i < caseOnly.length; i++) pass.push(caseOnly[i]!);
      walk.pass(this.root, radius, pass);
      found = pass;
      if (pass.length >= max) break;
    }
    if (widest < 1) found = caseOnly;
    const names = new Array<string>(found.length);
    for (let i = 0; i < found.length; i++) names[i] = found[i]!.entry.name;
    return names;
  }

  /** The candidates that differ from `name` in letter case only (distance 0.5). */
  private sameButCase(
    name: string,
    lower: string,
    max: number,
    exclude: string | undefined,
  ): readonly Found[] {
    const first = this.byLowerCase.get(lower);
    // Most names have none: no array is made for them.
    if (first === undefined) return NONE_FOUND;
    const found: Found[] = [];
    for (let entry: Entry | undefined = first; entry; entry = entry.sameLowerCase) {
      if (
        entry.name !== name &&
        entry.name !== exclude &&
        maxSuggestionDistance(name.length, entry.name.length) >= 1
      ) {
        offer(found, { entry, distance: 0.5 }, max);
      }
    }
    return found;
  }
}

/**
 * One pass of a search: the optimal-string-alignment rows of `name` against
 * each prefix of the trie (row `depth` compares the prefix of that length),
 * as in `editDistance` with the candidate as the other string. Each cell
 * holds the distance or `radius + 1`, whichever is smaller, so only the band
 * of cells within `radius` of the diagonal is computed (Ukkonen): the others
 * are farther than `radius` anyway.
 */
class TrieWalk {
  /** The code unit at each depth of the current path (for transpositions). */
  private readonly path: number[] = [];
  /** Row `depth` of the walk; each holds `n + 2` cells or more. */
  private readonly rows: Int32Array[] = [];
  /** The codes a child may have to be visited, by depth (see `visit`). */
  private readonly reaches: Int32Array[] = [];
  /** The code units of the name searched for: the first `n` (reused, grown when needed). */
  private codes = new Int32Array(32);
  private n = 0;
  private lower = "";
  private max = 1;
  /**
   * A candidate never to offer (the step asking, for its own id), or "" for
   * none: always a string, so that the optimised walk is not thrown away
   * when a search without one follows searches with one. No candidate ""
   * is ever offered anyway (no name is within reach of an empty one).
   */
  private exclude = "";
  private found: Found[] = [];
  /** The farthest this pass looks, and one more. */
  private radius = 0;
  private far = 1;

  /** Makes the walk one for `name`: a search makes thousands of passes, none allocates. */
  start(name: string, lower: string, max: number, exclude: string | undefined): void {
    this.codes = loadCharCodes(this.codes, name);
    this.n = name.length;
    this.lower = lower;
    this.max = max;
    this.exclude = exclude ?? "";
  }

  /** Adds to `found` the names below `root` within `radius`. */
  pass(root: TrieNode, radius: number, found: Found[]): void {
    this.radius = radius;
    this.far = radius + 1;
    this.found = found;
    const first = this.row(0);
    for (let j = 0; j < first.length; j++) first[j] = Math.min(j, this.far);
    const children = root.children;
    for (let i = 0; i < children.length; i++) this.visit(children[i]!, 1);
  }

  private row(depth: number): Int32Array {
    let row = this.rows[depth];
    // One cell past the end, so the band's edge can always be written.
    if (!row || row.length < this.n + 2) {
      row = new Int32Array(this.n + 2);
      this.rows[depth] = row;
    }
    return row;
  }

  private visit(node: TrieNode, depth: number): void {
    const { codes, far, radius, n } = this;
    const previous = this.rows[depth - 1]!;
    const previous2 = depth > 1 ? this.rows[depth - 2]! : previous;
    const row = this.row(depth);
    const code = node.code;
    this.path[depth] = code;
    const before = depth > 1 ? this.path[depth - 1]! : -1;
    const from = Math.max(1, depth - radius);
    const to = Math.min(n, depth + radius);
    // The cells just outside the band, read by the next row.
    row[from - 1] = from === 1 ? Math.min(depth, far) : far;
    row[to + 1] = far;
    // Below here, a name of `length` still has `length - depth` characters to
    // match against the `n - j` left of `name`: each one of difference is an edit.
    const fewest = node.minLength - depth;
    const most = node.maxLength - depth;
    let lowest = from === 1 ? row[0]! + gap(n, fewest, most) : far;
    for (let j = from; j <= to; j++) {
      const c = codes[j - 1]!;
      let value = previous[j - 1]! + (c === code ? 0 : 1);
      const up = previous[j]! + 1;
      if (up < value) value = up;
      const left = row[j - 1]! + 1;
      if (left < value) value = left;
      if (j > 1 && before === c && code === codes[j - 2]) {
        const swap = previous2[j - 2]! + 1;
        if (swap < value) value = swap;
      }
      if (value > far) value = far;
      row[j] = value;
      if (value < lowest) {
        const atLeast = value + gap(n - j, fewest, most);
        if (atLeast < lowest) lowest = atLeast;
      }
    }

    const entry = node.entry;
    if (entry && entry.lower !== this.lower && entry.name !== this.exclude && to === n) {
      const limit = maxSuggestionDistance(n, entry.name.length);
      const distance = row[n]!;
      if (limit >= 1 && distance <= limit && distance <= radius)
        offer(this.found, { entry, distance }, this.max);
    }
    if (lowest > this.bound(node, n)) return;
    // No cell of a child's row is below `lowest` (a row's least cell never
    // decreases with depth), so a child whose bound is tighter (a later one,
    // once enough are found) is skipped before its row is computed. An
    // index, not for…of: an iterator is an object per call until the JIT has
    // optimised this, and `momoflow check` is over by then.
    const children = node.children;
    if (children.length === 0) return;
    // A child's row can get back to this row's least cell only through the
    // name's character beside such a cell (or a transposition): a child of
    // any other character is one edit further, and is skipped before its
    // row is computed when that is too far (most children, once one name
    // is found: the walk then follows the name's own characters).
    let least = far;
    for (let j = from - 1; j <= to; j++) if (row[j]! < least) least = row[j]!;
    // Once `least` is the radius, no child's bound (at most the radius) lets
    // through a child that does not reach it: the codes that do are found
    // once for all the children, and the others are passed over before
    // their bound is asked (most of them: a digit's ten children, say).
    const onlyReaching = least >= radius;
    let reaching = 0;
    const reach = onlyReaching ? this.reachBuffer(depth) : undefined;
    if (reach) {
      reaching = this.reachingCodes(reach, row, least, from, to, depth + 1);
      if (reaching === 0) return;
    }
    for (let i = 0; i < children.length; i++) {
      const child = children[i]!;
      if (reach && !includesCode(reach, reaching, child.code)) continue;
      const bound = this.bound(child, n);
      if (lowest > bound) continue;
      if (
        !reach &&
        least + 1 > bound &&
        !this.reachesLeast(child.code, row, least, from, to, depth + 1)
      )
        continue;
      this.visit(child, depth + 1);
    }
  }

  /** The buffer of the reaching codes at `depth` (one per depth: the walk recurses). */
  private reachBuffer(depth: number): Int32Array {
    let buffer = this.reaches[depth];
    // At most one code per cell of the band and one per transposition.
    if (!buffer || buffer.length < 2 * this.n + 4) {
      buffer = new Int32Array(2 * this.n + 4);
      this.reaches[depth] = buffer;
    }
    return buffer;
  }

  /**
   * The codes for which {@link reachesLeast} is true, into `reach` (repeats
   * allowed): returns how many.
   */
  private reachingCodes(
    reach: Int32Array,
    row: Int32Array,
    least: number,
    from: number,
    to: number,
    depth: number,
  ): number {
    const { codes, n } = this;
    let count = 0;
    const last = Math.min(to, n - 1);
    for (let k = from - 1; k <= last; k++) if (row[k] === least) reach[count++] = codes[k]!;
    const parent = this.path[depth - 1]!;
    const end = Math.min(n, depth + this.radius);
    for (let j = Math.max(2, depth - this.radius); j <= end; j++)
      if (codes[j - 1] === parent) reach[count++] = codes[j - 2]!;
    return count;
  }

  /**
   * Whether a child of `code` at `depth` may have a cell as low as `least`,
   * the least of its parent's `row` (cells `from - 1` to `to`): by matching
   * the name's character after such a cell, or by a transposition with the
   * parent's character.
   */
  private reachesLeast(
    code: number,
    row: Int32Array,
    least: number,
    from: number,
    to: number,
    depth: number,
  ): boolean {
    const { codes, n } = this;
    const last = Math.min(to, n - 1);
    for (let k = from - 1; k <= last; k++) if (row[k] === least && codes[k] === code) return true;
    // A transposition: the parent's character is the name's at j - 1, this one the name's at j - 2.
    const parent = this.path[depth - 1]!;
    const end = Math.min(n, depth + this.radius);
    for (let j = Math.max(2, depth - this.radius); j <= end; j++)
      if (codes[j - 1] === parent && codes[j - 2] === code) return true;
    return false;
  }

  /** The largest distance a name below `node` may be at and still be offered. */
  private bound(node: TrieNode, n: number): number {
    // The allowed distance grows with the candidate's length (see maxSuggestionDistance).
    let bound = Math.min(this.radius, maxSuggestionDistance(n, node.maxLength));
    const found = this.found;
    if (found.length >= this.max) {
      // Once enough are found, a name below must be nearer than the last one,
      // or as near and before it in the candidates' order.
      const last = found[found.length - 1]!;
      const tieWins = node.minOrder < last.entry.order;
      bound = Math.min(bound, tieWins ? last.distance : Math.ceil(last.distance) - 1);
    }
    return bound;
  }
}

function childWith(node: TrieNode, code: number): TrieNode | undefined {
  const children = node.children;
  for (let i = 0; i < children.length; i++) if (children[i]!.code === code) return children[i];
  return undefined;
}

/** A new child of `node`: candidates come in order, so the first to make a node is its smallest. */
function addChild(node: TrieNode, code: number, entry: Entry): TrieNode {
  const child = newNode(code, entry.order);
  if (node.children === NO_CHILDREN) node.children = [child];
  else node.children.push(child);
  return child;
}

function widen(node: TrieNode, length: number): void {
  node.minLength = Math.min(node.minLength, length);
  node.maxLength = Math.max(node.maxLength, length);
}

function newNode(code: number, minOrder: number): TrieNode {
  // Not Infinity: a whole number keeps the field a small integer, not a boxed double per node.
  return {
    code,
    children: NO_CHILDREN,
    entry: undefined,
    minOrder,
    minLength: NO_LENGTH,
    maxLength: 0,
  };
}

/** True when `code` is among the first `count` of `codes`. */
function includesCode(codes: Int32Array, count: number, code: number): boolean {
  for (let i = 0; i < count; i++) if (codes[i] === code) return true;
  return false;
}

/** How far `count` is from the range `fewest`..`most`. */
function gap(count: number, fewest: number, most: number): number {
  if (count < fewest) return fewest - count;
  if (count > most) return count - most;
  return 0;
}

/** Adds `candidate` to `found` (nearest first, ties by order) and keeps the first `max`. */
function offer(found: Found[], candidate: Found, max: number): void {
  let at = found.length;
  while (at > 0 && isBefore(candidate, found[at - 1]!)) at--;
  if (at >= max) return;
  // Moved up by hand: a splice makes an array of what it removes, each time.
  found.push(candidate);
  for (let i = found.length - 1; i > at; i--) found[i] = found[i - 1]!;
  found[at] = candidate;
  if (found.length > max) found.pop();
}

function isBefore(a: Found, b: Found): boolean {
  return a.distance < b.distance || (a.distance === b.distance && a.entry.order < b.entry.order);
}
