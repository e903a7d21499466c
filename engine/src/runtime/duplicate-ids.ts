import { processWarm } from "./process-warmth";

/**
 * The ids that occur more than once in `ids`, each once, in the order their
 * second occurrence comes. Every run validates its steps' ids, and a `Set`
 * of thousands of fresh strings costs more than the rest of a no-op step
 * (it grows by rehashing, and hashes each new string in the runtime): this
 * is one table sized once, probed with a hash of the ids' characters, and
 * ids are compared only when their hashes meet. That hash is a loop over
 * every character, though, which only pays once compiled: a process's first
 * run (see process-warmth.ts) checks its ids with a `Set`.
 * @param warm whether to use the table (default: once the process has finished a run).
 */
export function duplicateIds(ids: readonly string[], warm = processWarm()): string[] {
  const count = ids.length;
  if (count < 2) return [];
  if (!warm) return repeatsInSet(ids);
  // A power of two at least twice the ids: short probe runs.
  let size = 4;
  while (size < count * 2) size *= 2;
  const mask = size - 1;
  // Slot → 1 + the index of the id in it (0: empty).
  const slots = new Int32Array(size);
  const duplicates: string[] = [];
  let reported: Set<string> | undefined;
  for (let i = 0; i < count; i++) {
    const id = ids[i]!;
    let slot = hashOf(typeof id === "string" ? id : String(id)) & mask;
    for (;;) {
      const held = slots[slot]!;
      if (held === 0) {
        slots[slot] = i + 1;
        break;
      }
      if (ids[held - 1] === id) {
        // Rare: a set for what was reported, so an id thrice is listed once.
        reported ??= new Set();
        if (!reported.has(id)) {
          reported.add(id);
          duplicates.push(id);
        }
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  return duplicates;
}

/** FNV-1a over the UTF-16 code units, mixed so that ids that differ in their last characters spread. */
function hashOf(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
  return (hash ^ (hash >>> 15)) >>> 0;
}

/** {@link duplicateIds} through a `Set`: fast from its first call, slower than the table once compiled. */
function repeatsInSet(ids: readonly string[]): string[] {
  // Built by the builtin from the array, no loop of ours: the usual answer (no repeats) at once.
  if (new Set(ids).size === ids.length) return [];
  const seen = new Set<string>();
  const duplicates: string[] = [];
  let reported: Set<string> | undefined;
  for (const id of ids) {
    // The table compares with ===: NaN (from untyped code) is never a repeat there.
    if (!seen.has(id) || id !== id) {
      seen.add(id);
      continue;
    }
    reported ??= new Set();
    if (!reported.has(id)) {
      reported.add(id);
      duplicates.push(id);
    }
  }
  return duplicates;
}
