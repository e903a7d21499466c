/** Why the logs are incomplete, after the words that name them. */
const INCOMPLETE_WHY =
  "incomplete: a write to the run's logs failed (a full disk?) and they were no longer written; the journal holds the outcomes";

/** Why a step's log on its worker is incomplete, after the words that name it. */
const INCOMPLETE_ON_WORKER_WHY =
  "incomplete: a write to it failed there (a full disk?), so not all it printed was kept; this record holds what it sent back";

/**
 * How a run's incomplete logs are said (the CLI's summary and `momoflow
 * runs <run>`, the editor's hover, Run and History tabs): which steps' logs
 * miss what they printed, and why — a failed write (a full disk) stopped
 * the run's logs, or, for a step of `on` (run on a worker, `run --on`),
 * cut short its log on that worker. One wording wherever a run's outcome
 * is shown.
 * @param on the worker of each step whose log there was cut short (result.json's `incompleteLogsOn`).
 */
export function incompleteLogsLine(
  stepIds: readonly string[],
  on: Readonly<Record<string, string>> = {},
): string {
  const here = stepIds.filter((id) => on[id] === undefined);
  const byWorker = new Map<string, string[]>();
  for (const id of stepIds) {
    const worker = on[id];
    if (worker !== undefined) byWorker.set(worker, [...(byWorker.get(worker) ?? []), id]);
  }
  const lines = here.length > 0 ? [`${whichLogs(here)} ${INCOMPLETE_WHY}`] : [];
  for (const [worker, ids] of byWorker)
    lines.push(`${whichLogs(ids, ` on worker ${worker}`)} ${INCOMPLETE_ON_WORKER_WHY}`);
  return lines.join("; ");
}

/** `the log of step "a" is`, `the logs of steps "a", "b" are`, with `where` after the names. */
function whichLogs(stepIds: readonly string[], where = ""): string {
  const names = stepIds.map((id) => JSON.stringify(id)).join(", ");
  return stepIds.length === 1
    ? `the log of step ${names}${where} is`
    : `the logs of steps ${names}${where} are`;
}

/** {@link incompleteLogsLine} as a sentence of its own (the editor's hover and status bar): `The logs of steps …`. */
export function incompleteLogsSentence(
  stepIds: readonly string[],
  on: Readonly<Record<string, string>> = {},
): string {
  const line = incompleteLogsLine(stepIds, on);
  return line.charAt(0).toUpperCase() + line.slice(1);
}

/**
 * A result.json's `incompleteLogsOn`, as read unchecked (a file may be
 * edited by hand): its entries whose value is a string, nothing else.
 */
export function recordedIncompleteLogsOn(value: unknown): Record<string, string> {
  const on: Record<string, string> = {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) return on;
  for (const [id, worker] of Object.entries(value)) if (typeof worker === "string") on[id] = worker;
  return on;
}

/**
 * The step ids of a result.json's `incompleteLogs`, as read unchecked (a
 * file may be edited by hand): the strings of a list, nothing else.
 */
export function recordedIncompleteLogs(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((id): id is string => typeof id === "string") : [];
}
