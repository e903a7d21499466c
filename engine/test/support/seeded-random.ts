/**
 * A small seeded PRNG (mulberry32): the same seed gives the same numbers, so
 * a fault test that failed at a random moment can be replayed with its seed.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed in `MOMOFLOW_FAULT_SEED` when set (to replay a failure), else a fresh one. */
export function faultSeed(): number {
  const text = process.env.MOMOFLOW_FAULT_SEED;
  if (text === undefined || text === "") return Math.floor(Math.random() * 2 ** 31);
  const seed = Number(text);
  if (!Number.isInteger(seed) || seed < 0)
    throw new Error(`MOMOFLOW_FAULT_SEED=${text}: expected a whole number of at least 0`);
  return seed;
}
