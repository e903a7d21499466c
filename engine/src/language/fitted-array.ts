/**
 * A copy of `items` that holds exactly its items, when it is short.
 *
 * A push onto an empty array reserves room for 17 items. A tree keeps
 * thousands of arrays of one to three items (a step's properties, a call's
 * arguments, a reference's segments): fitted, a 20,000-step file's tree is
 * some 10 MB smaller, and every pass of the garbage collector that copies it
 * copies that much less. Longer arrays are kept as they are (their spare
 * room is at most a third).
 */
export function fitted<T>(items: T[]): T[] {
  return items.length > 0 && items.length <= MAX_FITTED ? fittedPrefix(items, items.length) : items;
}

/** The longest array that is copied (the room a first push reserves, and one less). */
const MAX_FITTED = 16;

/**
 * An exact copy of the first `count` of `items`: for an array reused to
 * gather the items of one node after another (a new array per node, grown
 * by pushes, reserves room for 17).
 */
export function fittedPrefix<T>(items: readonly T[], count: number): T[] {
  // The commonest lengths as array literals, not slices: V8 pretenures a
  // literal's arrays once it sees them survive (a slice's, never), so the
  // collector of the young generation does not copy them.
  switch (count) {
    case 0:
      return [];
    case 1:
      return [items[0]!];
    case 2:
      return [items[0]!, items[1]!];
    case 3:
      return [items[0]!, items[1]!, items[2]!];
  }
  return items.slice(0, count);
}
