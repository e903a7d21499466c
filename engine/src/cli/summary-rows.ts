/** Up to this many steps, the summary lists every one. */
export const SUMMARY_ROWS = 40;

/** What needs attention first: listed before anything else. */
const URGENT = new Set(["failed", "rollback_failed", "cancelled"]);

/** What the summary reads of a step to choose its rows. */
export interface RowFacts {
  status: string;
  /** The row has a note (a fan-out step's count of its instances, a reused step). */
  noted: boolean;
  durationMs: number;
}

/**
 * Which of a run's steps its summary lists, by index: every one up to
 * {@link SUMMARY_ROWS}. A larger run lists that many — those that need
 * attention first (failed, rollback failed, cancelled), then the others
 * that did not simply succeed or carry a note (a fan-out step's count of its
 * instances), then the slowest successes — as a test runner lists its
 * failures and its slowest tests and counts the rest: 5,000 rows of
 * `success` bury what matters. The rows keep the run's order.
 */
export function listedRows(rows: readonly RowFacts[]): Set<number> {
  const all = rows.map((_, i) => i);
  if (rows.length <= SUMMARY_ROWS) return new Set(all);
  const rank = (r: RowFacts): number =>
    URGENT.has(r.status) ? 0 : r.status !== "success" || r.noted ? 1 : 2;
  // Sorting is stable: within a rank, the run's order (the slowest first among successes).
  const order = all.sort(
    (a, b) =>
      rank(rows[a]!) - rank(rows[b]!) ||
      (rank(rows[a]!) === 2 ? rows[b]!.durationMs - rows[a]!.durationMs : 0),
  );
  return new Set(order.slice(0, SUMMARY_ROWS));
}

/**
 * The line that stands for the rows a summary left out (see
 * {@link listedRows}): how many, by status, and where every one is.
 */
export function unlistedLine(
  rows: readonly RowFacts[],
  listed: ReadonlySet<number>,
  runDir: string | undefined,
): string | undefined {
  const counts = new Map<string, number>();
  rows.forEach(({ status }, i) => {
    if (!listed.has(i)) counts.set(status, (counts.get(status) ?? 0) + 1);
  });
  if (counts.size === 0) return undefined;
  const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
  const byStatus = [...counts].map(([status, n]) => `${n.toLocaleString("en-US")} ${status}`);
  const where = runDir ? `; ${runDir}/result.json lists every step` : "";
  const slowest = [...listed].some((i) => rows[i]!.status === "success" && !rows[i]!.noted)
    ? " (of the successes, the slowest are listed)"
    : "";
  return `… ${total.toLocaleString("en-US")} more steps not listed${slowest}: ${byStatus.join(", ")}${where}`;
}
