import { NameIndex } from "../name-index";

/**
 * The name index of a set of names (a workflow's step ids), built once per
 * set: the checker builds a new map for each check, an editor checks at
 * each keystroke with the same ids, so the index (and the suggestions it
 * remembers) is found again by the names, in order.
 */
const byMap = new WeakMap<ReadonlyMap<string, unknown>, NameIndex>();
const byNames = new Map<string, NameIndex>();

/** Indexes kept across checks: a few workspaces' or workflows' worth. */
const MAX_KEPT = 16;

/** The {@link NameIndex} of the keys of `names`, in their order. */
export function nameIndexFor(names: ReadonlyMap<string, unknown>): NameIndex {
  let index = byMap.get(names);
  if (index) return index;
  const keys = [...names.keys()];
  // Identifiers hold no NUL, so the joined keys name the set and its order.
  const key = keys.join("\u0000");
  index = byNames.get(key);
  if (index) byNames.delete(key);
  else index = new NameIndex(keys);
  // Most recently used last, so the first is the one to forget.
  byNames.set(key, index);
  if (byNames.size > MAX_KEPT) byNames.delete(byNames.keys().next().value!);
  byMap.set(names, index);
  return index;
}
