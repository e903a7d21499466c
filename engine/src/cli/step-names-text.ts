/** Past this many steps, a line that names them names the first and last few: the rows say each. */
export const STEPS_NAMED_IN_FULL = 10;

/**
 * Steps named on one line, in their order (`b, a`): each of a few, or — a
 * fan-out of hundreds of files undone — the first six and the last two
 * around `…`, so that the line stays a line. The caller says how many.
 */
export function stepNamesText(ids: readonly string[]): string {
  if (ids.length <= STEPS_NAMED_IN_FULL) return ids.join(", ");
  return [...ids.slice(0, 6), "…", ...ids.slice(-2)].join(", ");
}

/** `b, a`, or past {@link STEPS_NAMED_IN_FULL} `40 steps: b, a, …` — how many, then the names. */
export function countedStepNames(ids: readonly string[]): string {
  if (ids.length <= STEPS_NAMED_IN_FULL) return ids.join(", ");
  return `${ids.length} steps: ${stepNamesText(ids)}`;
}
