/**
 * Edit distance between names, for the "did you mean" suggestions of the
 * checker and the language server's quick fixes.
 */

/**
 * The optimal-string-alignment distance between `a` and `b` (Levenshtein plus
 * transposition of two adjacent characters: `biuld` is one edit from `build`).
 * Stops early and returns `limit + 1` once the distance must exceed `limit`.
 */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  // Three rolling rows: the transposition looks two rows back.
  let previous2 = new Array<number>(b.length + 1).fill(0);
  let previous = new Array<number>(b.length + 1);
  let current = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cb = b.charCodeAt(j - 1);
      const cost = ca === cb ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        value = Math.min(value, previous2[j - 2]! + 1);
      }
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    [previous2, previous, current] = [previous, current, previous2];
  }
  return previous[b.length]!;
}

/**
 * The largest distance at which a candidate of `candidateLength` characters
 * still reads as a misspelling of a name of `nameLength`: a bit under half
 * the longer name (`retry` → `retries` is three edits), at least one, and
 * never so many that nothing of the shorter name is left. It never decreases
 * as the candidate gets longer (the name index relies on it).
 */
export function maxSuggestionDistance(nameLength: number, candidateLength: number): number {
  const longer = Math.max(nameLength, candidateLength);
  const shorter = Math.min(nameLength, candidateLength);
  return Math.min(Math.max(1, Math.floor(longer * 0.45)), shorter - 1);
}

/**
 * The names of `candidates` close enough to `name` to be what was meant,
 * nearest first (ties in the candidates' order), at most `max` of them.
 * `name` itself is never suggested.
 */
export function nearestNames(name: string, candidates: Iterable<string>, max = 3): string[] {
  const found: { candidate: string; distance: number; order: number }[] = [];
  const seen = new Set<string>();
  let order = 0;
  for (const candidate of candidates) {
    if (candidate === name || seen.has(candidate)) continue;
    seen.add(candidate);
    const limit = maxSuggestionDistance(name.length, candidate.length);
    if (limit < 1) continue;
    // A difference of letter case only is the best match of all.
    const distance =
      candidate.toLowerCase() === name.toLowerCase() ? 0.5 : editDistance(name, candidate, limit);
    if (distance <= limit) found.push({ candidate, distance, order: order++ });
  }
  found.sort((x, y) => x.distance - y.distance || x.order - y.order);
  return found.slice(0, max).map((f) => f.candidate);
}

/**
 * The word of `words` that `typed` stands for while it is being typed or
 * misspelt: the first that starts with it (`mis` for `missing`, `mes` for
 * `message`), else the nearest (`contain` for `contains`); undefined when
 * none is near.
 */
export function wordBeingTyped(typed: string, words: readonly string[]): string | undefined {
  return words.find((word) => word.startsWith(typed)) ?? nearestNames(typed, words, 1)[0];
}
