/** Why the logs are incomplete, after the words that name them. */
const INCOMPLETE_WHY =
  "incomplete: a write to the run's logs failed (a full disk?) and they were no longer written; the journal holds the outcomes";

/**
 * How a run's incomplete logs are said (the CLI's summary and `momoflow
 * runs <run>`, the editor's hover, Run and History tabs): which steps' logs
 * miss what they printed, once a failed write (a full disk) stopped the
 * run's logs. One wording wherever a run's outcome is shown.
 */
export function incompleteLogsLine(stepIds: readonly string[]): string {
  const names = stepIds.map((id) => JSON.stringify(id)).join(", ");
  const which =
    stepIds.length === 1 ? `the log of step ${names} is` : `the logs of steps ${names} are`;
  return `${which} ${INCOMPLETE_WHY}`;
}

/** {@link incompleteLogsLine} as a sentence of its own (the editor's hover and status bar): `The logs of steps …`. */
export function incompleteLogsSentence(stepIds: readonly string[]): string {
  const line = incompleteLogsLine(stepIds);
  return line.charAt(0).toUpperCase() + line.slice(1);
}

/**
 * The step ids of a result.json's `incompleteLogs`, as read unchecked (a
 * file may be edited by hand): the strings of a list, nothing else.
 */
export function recordedIncompleteLogs(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((id): id is string => typeof id === "string") : [];
}
